import { ContentType, DecodeError, type DecodeResult, type EventizeContext, type EventizeResult, type IngestFormat } from '@prism/contract';
import { eventizeZipkinSpans } from './zipkin-eventizer';
import { readZipkinJson } from './zipkin-json-reader';
import { readZipkinProto } from './zipkin-proto-reader';

/** HTTP path of Zipkin v2 span ingestion. */
export const ZIPKIN_SPANS_PATH = '/api/v2/spans';

/**
 * Zipkin v2 span ingestion (`POST /api/v2/spans`), JSON or protobuf, into the span rows.
 *
 * @example
 * const result = zipkinFormat.eventize(body, 'application/json', { tenantId: 't1', ingestTs });
 */
export const zipkinFormat: IngestFormat = {
  path: ZIPKIN_SPANS_PATH,
  contentTypes: [ContentType.json, ContentType.protobuf],
  eventize(body: Uint8Array, contentType: string, context: EventizeContext): DecodeResult<EventizeResult> {
    const mediaType = contentType.split(';')[0].trim().toLowerCase();
    let decoded;
    if (mediaType === ContentType.json) decoded = readZipkinJson(body);
    else if (mediaType === ContentType.protobuf) decoded = readZipkinProto(body);
    else return { ok: false, error: new DecodeError(`unsupported content type "${contentType}"`) };
    if (!decoded.ok) return decoded;
    return { ok: true, value: eventizeZipkinSpans(decoded.value, context, decoded.issues), issues: [] };
  },
};

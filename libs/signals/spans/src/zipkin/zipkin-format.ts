import { ContentType, DecodeError, summarizeIssues, type DecodeResult, type EventizeContext, type EventizeResult, type IngestFormat } from '@prism/contract';
import { eventizeZipkinSpans } from './zipkin-eventizer';
import { readZipkinJson } from './zipkin-json-reader';
import { readZipkinProto } from './zipkin-proto-reader';

/** HTTP path of Zipkin v2 span ingestion. */
export const ZIPKIN_SPANS_PATH = '/api/v2/spans';

/**
 * Zipkin v2 span ingestion (`POST /api/v2/spans`), JSON or protobuf, into the span rows. The list
 * is taken whole or not at all: Zipkin answers 202 with no body, so a span left out could never be
 * reported, and Zipkin's own server rejects a list with one bad span. A bad span makes the body a
 * DecodeError naming every bad span's first bad field (`spans[1].id: …`), which ingest answers with 400.
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
    const { value: spans, issues } = decoded;
    if (issues.length > 0) {
      const total = spans.length + issues.length;
      return { ok: false, error: new DecodeError(`${issues.length} of ${total} spans are invalid, so none was accepted: ${summarizeIssues(issues)}`) };
    }
    return { ok: true, value: eventizeZipkinSpans(spans, context), issues: [] };
  },
};

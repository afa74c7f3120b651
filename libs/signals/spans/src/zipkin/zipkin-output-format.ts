import { rowsOf, type OutputFormat, type RowBatch } from '@prism/contract';
import type { ZipkinSpan } from './zipkin-model';
import { rowsToZipkinSpans } from './zipkin-span-writer';

/** Name query APIs ask for to get Zipkin v2 JSON spans. */
export const ZIPKIN_OUTPUT_FORMAT = 'zipkin-v2';

/** The OpenTelemetry attribute naming the remote service of a client or producer span. */
const PEER_SERVICE_TAG = 'peer.service';

/**
 * Zipkin v2 JSON spans of span rows (and their `span_event` rows), for the Zipkin query API.
 * Spans from OTLP have no remote endpoint column; like OpenTelemetry's Zipkin exporter, their
 * `peer.service` attribute names the remote service, so `/remoteServices` and what `/traces`
 * shows agree for OTLP and Zipkin data.
 *
 * @example
 * const spans = zipkinOutputFormat.render(batch); // ZipkinSpan[] in span-row order
 */
export const zipkinOutputFormat: OutputFormat = {
  name: ZIPKIN_OUTPUT_FORMAT,
  render: (batch: RowBatch): ZipkinSpan[] => rowsToZipkinSpans(rowsOf(batch)).map(withPeerService),
};

function withPeerService(span: ZipkinSpan): ZipkinSpan {
  const peer = span.tags?.[PEER_SERVICE_TAG];
  if (peer === undefined || peer === '' || span.remoteEndpoint?.serviceName !== undefined) return span;
  return { ...span, remoteEndpoint: { serviceName: peer, ...span.remoteEndpoint } };
}

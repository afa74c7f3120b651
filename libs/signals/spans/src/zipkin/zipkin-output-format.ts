import { BaseColumn, rowsOf, type OutputFormat, type RowBatch, type RowValue } from '@prism/contract';
import { bytesToHex } from '@prism/otlp';
import { SERVICE_NAME_COLUMN, SpanSignalType } from '../common/span-columns';
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
 * shows agree for OTLP and Zipkin data. Zipkin's shared spans (client and server halves with one
 * span id) each keep their own annotations: an event row goes to the span row of its service.
 *
 * @example
 * const spans = zipkinOutputFormat.render(batch); // ZipkinSpan[] in span-row order
 */
export const zipkinOutputFormat: OutputFormat = {
  name: ZIPKIN_OUTPUT_FORMAT,
  render: (batch: RowBatch): ZipkinSpan[] => spansWithTheirEvents(rowsOf(batch)).flatMap((rows) => rowsToZipkinSpans(rows).map(withPeerService)),
};

type Row = Record<string, RowValue>;

/** Each span row with its event rows, in span-row order; an id shared by two span rows splits by service. */
function spansWithTheirEvents(rows: readonly Row[]): Row[][] {
  const groups: Row[][] = [];
  const spansByKey = new Map<string, Row[][]>();
  for (const row of rows) {
    if (row[BaseColumn.signalType] !== SpanSignalType.span) continue;
    const group = [row];
    groups.push(group);
    const key = spanKey(row);
    spansByKey.set(key, [...(spansByKey.get(key) ?? []), group]);
  }
  for (const row of rows) {
    if (row[BaseColumn.signalType] !== SpanSignalType.event) continue;
    const candidates = spansByKey.get(spanKey(row));
    if (candidates === undefined) continue;
    const owner = candidates.find((group) => group[0][SERVICE_NAME_COLUMN] === row[SERVICE_NAME_COLUMN]) ?? candidates[0];
    owner.push(row);
  }
  return groups;
}

function spanKey(row: Row): string {
  const traceId = row[BaseColumn.traceId];
  const spanId = row[BaseColumn.spanId];
  return `${traceId instanceof Uint8Array ? bytesToHex(traceId) : ''}:${spanId instanceof Uint8Array ? bytesToHex(spanId) : ''}`;
}

function withPeerService(span: ZipkinSpan): ZipkinSpan {
  const peer = span.tags?.[PEER_SERVICE_TAG];
  if (peer === undefined || peer === '' || span.remoteEndpoint?.serviceName !== undefined) return span;
  return { ...span, remoteEndpoint: { serviceName: peer, ...span.remoteEndpoint } };
}

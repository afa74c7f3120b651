import type { Signal } from '@prism/contract';
import type { ExportTraceServiceRequest } from '@prism/otlp';
import { DEFAULT_SPANS_DATASET, SPAN_ATTRIBUTE_PREFIX, SPANS_SIGNAL_NAME, SpanSignalType } from './common/span-columns';
import { spansIndexing } from './spans-indexing';
import { spansIngest } from './spans-ingest';
import { spansQueryHooks } from './spans-query-hooks';

/**
 * The spans signal plug-in: OTLP traces at `/v1/traces` and Zipkin v2 spans at `/api/v2/spans`,
 * eventized into one `span` row per span and one `span_event` row per event or annotation.
 *
 * @example
 * const decoded = spansSignal.ingest.decode(body, 'application/x-protobuf');
 * if (decoded.ok) spansSignal.ingest.eventize(decoded.value, { tenantId: 't1', ingestTs });
 */
export const spansSignal: Signal<ExportTraceServiceRequest> = {
  name: SPANS_SIGNAL_NAME,
  signalType: SpanSignalType.span,
  defaultDataset: DEFAULT_SPANS_DATASET,
  attributePrefix: SPAN_ATTRIBUTE_PREFIX,
  ingest: spansIngest,
  indexing: spansIndexing,
  query: spansQueryHooks,
};

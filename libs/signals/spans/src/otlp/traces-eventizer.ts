import { RowBatchBuilder, RowStamp, type EventizeContext, type EventizeResult, type ValidationIssue } from '@prism/contract';
import { AttributeColumnNames, resourceCells, scopeCells, type ExportTraceServiceRequest } from '@prism/otlp';
import { DEFAULT_SPANS_DATASET, SPAN_ATTRIBUTE_PREFIX } from '../common/span-columns';
import { spanPath, validateSpan } from './span-validation';
import { writeSpanRows, type SpanRowTarget } from './span-row-writer';

/**
 * Turns a decoded OTLP traces request into rows: one `span` row per valid span and one
 * `span_event` row per event. Invalid spans are skipped and reported in `rejected`; their valid
 * siblings are kept.
 *
 * @example
 * const { batch, rejected } = eventizeTraces(request, { tenantId: 't1', ingestTs: 1700000000000000000n });
 */
export function eventizeTraces(request: ExportTraceServiceRequest, context: EventizeContext): EventizeResult {
  const builder = new RowBatchBuilder({ initialCapacity: countRows(request) });
  const target: SpanRowTarget = {
    builder,
    stamp: new RowStamp(builder, context, DEFAULT_SPANS_DATASET),
    attributes: new AttributeColumnNames(SPAN_ATTRIBUTE_PREFIX),
  };
  const rejected: ValidationIssue[] = [];
  let acceptedRecords = 0;

  request.resourceSpans.forEach((resourceSpans, resourceIndex) => {
    const resource = resourceCells(resourceSpans.resource);
    resourceSpans.scopeSpans.forEach((scopeSpans, scopeIndex) => {
      const shared = scopeCells(resource, scopeSpans.scope);
      const spans = scopeSpans.spans;
      for (let spanIndex = 0; spanIndex < spans.length; spanIndex++) {
        const issue = validateSpan(spans[spanIndex]);
        if (issue !== undefined) {
          rejected.push({ path: spanPath(resourceIndex, scopeIndex, spanIndex) + issue.path, message: issue.message });
          continue;
        }
        writeSpanRows(target, shared, spans[spanIndex]);
        acceptedRecords++;
      }
    });
  });

  return { batch: builder.build(), acceptedRecords, rejected };
}

/** Rows the request can produce (spans plus events), so columns are sized once instead of doubling. */
function countRows(request: ExportTraceServiceRequest): number {
  let rows = 0;
  for (const resourceSpans of request.resourceSpans) {
    for (const scopeSpans of resourceSpans.scopeSpans) {
      for (const span of scopeSpans.spans) rows += 1 + span.events.length;
    }
  }
  return Math.max(1, rows);
}

import type { TraceSpan } from './trace-model';

/** A span for the specs: times in µs, everything else defaulted. */
export function span(spanId: string, parentId: string | undefined, startUs: number, durationUs: number, name = spanId): TraceSpan {
  return { spanId, parentId, name, service: 'svc', startUs, durationUs, tags: {}, annotations: [], error: false };
}

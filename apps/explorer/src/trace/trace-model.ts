/** One span of a trace as the explorer draws it (from the Zipkin v2 JSON of `/api/v2/trace/:id`). */
export interface TraceSpan {
  spanId: string;
  parentId?: string;
  name: string;
  service: string;
  /** Start, microseconds since the epoch. */
  startUs: number;
  durationUs: number;
  kind?: string;
  tags: Readonly<Record<string, string>>;
  annotations: ReadonlyArray<{ timestamp: number; value: string }>;
  error: boolean;
}

/** A span as Zipkin v2 JSON has it (only the fields the explorer reads). */
export interface ZipkinSpan {
  traceId: string;
  id: string;
  parentId?: string;
  name?: string;
  kind?: string;
  timestamp?: number;
  duration?: number;
  localEndpoint?: { serviceName?: string };
  annotations?: Array<{ timestamp: number; value: string }>;
  tags?: Record<string, string>;
}

/** Zipkin v2 spans → explorer spans; a span without a timestamp starts at the trace's earliest. */
export function fromZipkin(spans: readonly ZipkinSpan[]): TraceSpan[] {
  const earliest = Math.min(...spans.map((span) => span.timestamp ?? Number.POSITIVE_INFINITY));
  return spans.map((span) => {
    const tags = span.tags ?? {};
    return {
      spanId: span.id,
      parentId: span.parentId,
      name: span.name ?? '(unnamed)',
      service: span.localEndpoint?.serviceName ?? 'unknown',
      startUs: span.timestamp ?? (Number.isFinite(earliest) ? earliest : 0),
      durationUs: span.duration ?? 0,
      kind: span.kind,
      tags,
      annotations: span.annotations ?? [],
      error: 'error' in tags,
    };
  });
}

/** What the search results list shows for one trace. */
export interface TraceSummary {
  traceId: string;
  rootName: string;
  rootService: string;
  startUs: number;
  durationUs: number;
  spanCount: number;
  services: string[];
  errorCount: number;
}

/** Summary of one trace of `/api/v2/traces`: the root is the span without a parent in the trace (else the earliest). */
export function summarizeTrace(spans: readonly ZipkinSpan[]): TraceSummary {
  const model = fromZipkin(spans);
  const ids = new Set(model.map((span) => span.spanId));
  const byStart = [...model].sort((a, b) => a.startUs - b.startUs);
  const root = byStart.find((span) => span.parentId === undefined || !ids.has(span.parentId)) ?? byStart[0];
  const start = byStart[0]?.startUs ?? 0;
  const end = Math.max(...model.map((span) => span.startUs + span.durationUs));
  return {
    traceId: spans[0]?.traceId ?? '',
    rootName: root?.name ?? '(empty)',
    rootService: root?.service ?? 'unknown',
    startUs: start,
    durationUs: Math.max(0, end - start),
    spanCount: model.length,
    services: [...new Set(model.map((span) => span.service))].sort(),
    errorCount: model.filter((span) => span.error).length,
  };
}

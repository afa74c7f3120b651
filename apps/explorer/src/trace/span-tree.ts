import type { TraceSpan } from './trace-model';

/** Children of each span, sorted by start; spans whose parent is absent from the trace are roots. */
export interface SpanTree {
  roots: TraceSpan[];
  children: ReadonlyMap<string, TraceSpan[]>;
}

/** Builds the parent → children index of a trace (duplicate span ids keep the first). */
export function buildSpanTree(spans: readonly TraceSpan[]): SpanTree {
  const byId = new Map<string, TraceSpan>();
  for (const span of spans) if (!byId.has(span.spanId)) byId.set(span.spanId, span);
  const children = new Map<string, TraceSpan[]>();
  const roots: TraceSpan[] = [];
  for (const span of byId.values()) {
    const parent = span.parentId === undefined || span.parentId === span.spanId ? undefined : byId.get(span.parentId);
    if (parent === undefined) {
      roots.push(span);
      continue;
    }
    const siblings = children.get(parent.spanId);
    if (siblings === undefined) children.set(parent.spanId, [span]);
    else siblings.push(span);
  }
  const byStart = (a: TraceSpan, b: TraceSpan) => a.startUs - b.startUs || a.name.localeCompare(b.name);
  roots.sort(byStart);
  for (const list of children.values()) list.sort(byStart);
  return { roots, children };
}

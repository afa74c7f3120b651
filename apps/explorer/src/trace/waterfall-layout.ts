import { buildSpanTree } from './span-tree';
import type { TraceSpan } from './trace-model';

/** One row of the waterfall: the span, its depth in the tree, and its bar as fractions of the trace. */
export interface WaterfallRow {
  span: TraceSpan;
  depth: number;
  /** Bar start, 0..1 of the trace's duration. */
  offset: number;
  /** Bar width, 0..1 of the trace's duration (0 for an instant span). */
  width: number;
  childCount: number;
}

export interface WaterfallLayout {
  rows: WaterfallRow[];
  traceStartUs: number;
  traceDurationUs: number;
}

/**
 * Rows in depth-first order (children by start time under their parent), so a 10k-span trace is a
 * flat list the virtualised view can window. Iterative: a deep chain of spans cannot overflow the stack.
 * A span caught in a parent cycle is never reached from a root, so it is appended as a root.
 */
export function layoutWaterfall(spans: readonly TraceSpan[]): WaterfallLayout {
  const tree = buildSpanTree(spans);
  const traceStartUs = spans.length === 0 ? 0 : Math.min(...spans.map((span) => span.startUs));
  const traceEndUs = spans.length === 0 ? 0 : Math.max(...spans.map((span) => span.startUs + span.durationUs));
  const traceDurationUs = Math.max(0, traceEndUs - traceStartUs);
  const scale = (us: number) => (traceDurationUs === 0 ? 0 : us / traceDurationUs);

  const rows: WaterfallRow[] = [];
  const visited = new Set<string>();
  const visit = (root: TraceSpan) => {
    const stack: Array<{ span: TraceSpan; depth: number }> = [{ span: root, depth: 0 }];
    while (stack.length > 0) {
      const { span, depth } = stack.pop() as { span: TraceSpan; depth: number };
      if (visited.has(span.spanId)) continue;
      visited.add(span.spanId);
      const children = tree.children.get(span.spanId) ?? [];
      rows.push({ span, depth, offset: scale(span.startUs - traceStartUs), width: scale(span.durationUs), childCount: children.length });
      for (let index = children.length - 1; index >= 0; index--) stack.push({ span: children[index], depth: depth + 1 });
    }
  };
  for (const root of tree.roots) visit(root);
  for (const span of spans) if (!visited.has(span.spanId)) visit(span);
  return { rows, traceStartUs, traceDurationUs };
}

/** A duration in µs as people read it: `850µs`, `12.3ms`, `4.05s`. */
export function formatDuration(us: number): string {
  if (us < 1000) return `${Math.round(us)}µs`;
  if (us < 1_000_000) return `${trim(us / 1000)}ms`;
  return `${trim(us / 1_000_000)}s`;
}

function trim(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

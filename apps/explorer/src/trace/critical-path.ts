import { buildSpanTree } from './span-tree';
import type { TraceSpan } from './trace-model';

/**
 * The spans on the trace's critical path: the chain of work that decided when the trace ended.
 * From the root (the root span ending last), walk back from its end: the child that finished last
 * before the cursor is on the path; descend into it, then continue from where it started, until the
 * parent's start. Time no child covers is the parent's own work. Children that overlap are
 * concurrent, so only the one ending latest counts. Iterative, for deep traces.
 */
export function criticalPath(spans: readonly TraceSpan[]): Set<string> {
  const tree = buildSpanTree(spans);
  const onPath = new Set<string>();
  const root = [...tree.roots].sort((a, b) => end(b) - end(a))[0];
  if (root === undefined) return onPath;

  // Each frame: a span on the path, its children latest-ending first, how far that list has been
  // walked, and the time (µs) down to which the parent's time is still to be explained. The cursor only
  // moves back, so a child starting at or after it is out for good: each list is walked once.
  interface Frame {
    span: TraceSpan;
    latestFirst: TraceSpan[];
    index: number;
    cursor: number;
  }
  const frameOf = (span: TraceSpan, cursor: number): Frame => {
    const latestFirst = [...(tree.children.get(span.spanId) ?? [])].sort((a, b) => end(b) - end(a));
    return { span, latestFirst, index: 0, cursor };
  };
  const stack: Frame[] = [frameOf(root, end(root))];
  onPath.add(root.spanId);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    while (frame.index < frame.latestFirst.length && frame.latestFirst[frame.index].startUs >= frame.cursor) frame.index++;
    const next = frame.latestFirst[frame.index];
    if (next === undefined || end(next) <= frame.span.startUs) {
      stack.pop();
      continue;
    }
    frame.index++;
    onPath.add(next.spanId);
    // A child running past its parent's end counts only up to where the parent's time was explained.
    const childCursor = Math.min(end(next), frame.cursor);
    frame.cursor = next.startUs;
    stack.push(frameOf(next, childCursor));
  }
  return onPath;
}

function end(span: TraceSpan): number {
  return span.startUs + span.durationUs;
}

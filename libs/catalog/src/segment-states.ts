import type { SegmentState } from './schema';

/** Segment states in lifecycle order. */
export const SEGMENT_STATES: readonly SegmentState[] = ['open', 'sealing', 'sealed', 'parquetized'];

// Staying put is allowed (a commit to an open segment re-upserts it as open); otherwise one step on.
const NEXT_STATE: Readonly<Record<SegmentState, SegmentState | undefined>> = {
  open: 'sealing',
  sealing: 'sealed',
  sealed: 'parquetized',
  parquetized: undefined,
};

/** Whether a segment in state `from` may be recorded in state `to`. */
export function canTransition(from: SegmentState, to: SegmentState): boolean {
  return from === to || NEXT_STATE[from] === to;
}

/** Narrows a string read from the database or a caller to a segment state. */
export function isSegmentState(value: string): value is SegmentState {
  return (SEGMENT_STATES as readonly string[]).includes(value);
}

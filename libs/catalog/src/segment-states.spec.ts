import { describe, expect, it } from 'vitest';
import { SEGMENT_STATES, canTransition, isSegmentState } from './segment-states';

describe('segment states', () => {
  it('allows exactly one step forward or staying put', () => {
    const allowed = SEGMENT_STATES.flatMap((from) => SEGMENT_STATES.filter((to) => canTransition(from, to)).map((to) => `${from}->${to}`));
    expect(allowed).toEqual([
      'open->open',
      'open->sealing',
      'sealing->sealing',
      'sealing->sealed',
      'sealed->sealed',
      'sealed->parquetized',
      'parquetized->parquetized',
    ]);
  });

  it('recognizes only the four states', () => {
    expect(isSegmentState('sealed')).toBe(true);
    expect(isSegmentState('closed')).toBe(false);
  });
});

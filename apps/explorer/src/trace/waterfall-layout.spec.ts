import { describe, expect, it } from 'vitest';
import { span } from './test-spans';
import { formatDuration, layoutWaterfall } from './waterfall-layout';

describe('layoutWaterfall', () => {
  it('orders rows depth first with children by start time, and places bars as fractions of the trace', () => {
    const layout = layoutWaterfall([
      span('late', 'root', 60, 40),
      span('root', undefined, 0, 100),
      span('early', 'root', 10, 20),
      span('leaf', 'early', 15, 5),
    ]);
    expect(layout.rows.map((row) => [row.span.spanId, row.depth])).toEqual([
      ['root', 0],
      ['early', 1],
      ['leaf', 2],
      ['late', 1],
    ]);
    expect(layout.traceDurationUs).toBe(100);
    const late = layout.rows[3];
    expect([late.offset, late.width]).toEqual([0.6, 0.4]);
    expect(layout.rows[0].childCount).toBe(2);
  });

  it('keeps every span once: orphans become roots, a parent cycle is still listed, duplicates are dropped', () => {
    const layout = layoutWaterfall([span('a', 'b', 0, 10), span('b', 'a', 5, 10), span('orphan', 'gone', 20, 1), span('orphan', 'gone', 20, 1)]);
    expect(layout.rows.map((row) => row.span.spanId).sort()).toEqual(['a', 'b', 'orphan']);
  });

  it('lays out a 10k-span trace as a flat list', () => {
    const spans = [span('root', undefined, 0, 10_000), ...Array.from({ length: 9_999 }, (_, index) => span(`s${index}`, 'root', index, 1))];
    const layout = layoutWaterfall(spans);
    expect(layout.rows).toHaveLength(10_000);
    expect(layout.rows.at(-1)?.span.spanId).toBe('s9998');
  });

  it('gives an instant trace zero-width bars', () => {
    expect(layoutWaterfall([span('only', undefined, 5, 0)]).rows[0]).toMatchObject({ offset: 0, width: 0 });
  });
});

describe('formatDuration', () => {
  it('picks µs, ms or s', () => {
    expect([formatDuration(850), formatDuration(12_345), formatDuration(4_050_000)]).toEqual(['850µs', '12.3ms', '4.05s']);
  });
});

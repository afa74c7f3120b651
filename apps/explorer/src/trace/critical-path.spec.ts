import { describe, expect, it } from 'vitest';
import { criticalPath } from './critical-path';
import { span } from './test-spans';

describe('criticalPath', () => {
  it('follows the child that ends last, then the work before it, skipping concurrent children', () => {
    // root 0..100; a 0..40 and b 30..90 run in sequence-ish; c 50..60 runs beside b and never decides the end.
    const spans = [span('root', undefined, 0, 100), span('a', 'root', 0, 40), span('b', 'root', 30, 60), span('c', 'root', 50, 10)];
    expect([...criticalPath(spans)].sort()).toEqual(['a', 'b', 'root']);
  });

  it('descends into grandchildren on the path', () => {
    const spans = [
      span('root', undefined, 0, 100),
      span('db', 'root', 10, 80),
      span('q1', 'db', 10, 20),
      span('q2', 'db', 40, 45),
      span('cache', 'root', 0, 5),
      span('early', 'db', 12, 3),
    ];
    // q2 ends last in db; before q2 (cursor 40) q1 ends at 30; early (12..15) lies under q1's time and is shadowed by it.
    expect([...criticalPath(spans)].sort()).toEqual(['cache', 'db', 'q1', 'q2', 'root']);
  });

  it('starts from the root that ends last and treats orphans as roots', () => {
    const spans = [span('short-root', undefined, 0, 10), span('orphan', 'missing-parent', 5, 100), span('child', 'orphan', 20, 10)];
    expect([...criticalPath(spans)].sort()).toEqual(['child', 'orphan']);
  });

  it('handles an empty trace and a 10k-deep chain without recursion', () => {
    expect(criticalPath([]).size).toBe(0);
    const chain = Array.from({ length: 10_000 }, (_, index) => span(`s${index}`, index === 0 ? undefined : `s${index - 1}`, index, 20_000 - 2 * index));
    expect(criticalPath(chain).size).toBe(10_000);
  });

  it('walks a parent with thousands of sequential children once each', () => {
    const children = Array.from({ length: 5000 }, (_, index) => span(`c${index}`, 'root', index * 10, 10));
    const onPath = criticalPath([span('root', undefined, 0, 50_000), ...children]);
    expect(onPath.size).toBe(5001);
  });
});

import { describe, expect, it } from 'vitest';
import { binaryValuesOf, denseToArray, type DenseValues } from './column-values';
import { distinctOf } from './distinct-values';

/** Distinct values the slow way: first-seen ids of the values' text forms. */
function expectedDistinct(dense: Exclude<DenseValues, { type: 'bool' }>): { ids: number[]; firsts: number[] } {
  const seen = new Map<string, number>();
  const ids: number[] = [];
  const firsts: number[] = [];
  denseToArray(dense).forEach((value, i) => {
    const key = value instanceof Uint8Array ? Array.from(value).join(',') : String(value);
    let id = seen.get(key);
    if (id === undefined) {
      id = seen.size;
      seen.set(key, id);
      firsts.push(i);
    }
    ids.push(id);
  });
  return { ids, firsts };
}

function expectDistinct(dense: Exclude<DenseValues, { type: 'bool' }>): void {
  const distinct = distinctOf(dense);
  const expected = expectedDistinct(dense);
  expect(Array.from(distinct.ids)).toEqual(expected.ids);
  expect(Array.from(distinct.firsts)).toEqual(expected.firsts);
  expect(distinct.count).toBe(expected.firsts.length);
}

function pseudoRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
}

describe('distinctOf', () => {
  it('numbers the distinct strings of a block in first-seen order, runs and repeats included', () => {
    const random = pseudoRandom(3);
    const texts = Array.from({ length: 3000 }, (_, i) => {
      const pick = Math.floor(random() * 6);
      if (pick === 0) return `/api/v1/resource-${Math.floor(random() * 400)}`;
      if (pick === 1) return 'x'.repeat(Math.floor(random() * 9));
      if (pick === 2) return `${'long prefix shared by many values '.repeat(3)}${Math.floor(random() * 50)} and a shared suffix`;
      if (pick === 3) return `ünïcödé ${Math.floor(random() * 20)} 😀`;
      return i % 7 === 0 ? 'constant' : `run-${Math.floor(i / 40)}`;
    });
    expectDistinct(binaryValuesOf('string', texts));
  });

  it('tells apart long values that differ only in the middle', () => {
    const texts = Array.from({ length: 200 }, (_, i) => `${'a'.repeat(100)}${i % 50}${'b'.repeat(100)}`);
    expectDistinct(binaryValuesOf('string', texts));
  });

  it('numbers random ids, repeated in runs as the spans of one trace are', () => {
    const random = pseudoRandom(9);
    const ids: Uint8Array[] = [];
    for (let trace = 0; trace < 300; trace++) {
      const id = Uint8Array.from({ length: 16 }, () => Math.floor(random() * 256));
      for (let span = 0; span < 1 + (trace % 9); span++) ids.push(id);
      if (trace % 5 === 0) ids.push(ids[Math.floor(random() * ids.length)]);
    }
    ids.push(new Uint8Array(0), new Uint8Array([0]), new Uint8Array([0, 0]), new Uint8Array(0));
    expectDistinct(binaryValuesOf('bytes', ids));
  });

  it('recognises constant blocks, and blocks that only start constant', () => {
    for (const text of ['acme', '', 'a longer constant value, 37 bytes....']) {
      expectDistinct(
        binaryValuesOf(
          'string',
          Array.from({ length: 1200 }, () => text),
        ),
      );
      expectDistinct(
        binaryValuesOf(
          'string',
          Array.from({ length: 1200 }, (_, i) => (i === 1199 ? `${text}!` : text)),
        ),
      );
      expectDistinct(
        binaryValuesOf(
          'string',
          Array.from({ length: 300 }, (_, i) => (i === 150 ? text.toUpperCase() + 'x' : text)),
        ),
      );
    }
    expectDistinct(binaryValuesOf('string', ['ab', 'ab', 'a', 'ba']));
    expectDistinct(binaryValuesOf('string', ['abab', 'abab', 'ab', 'abab']));
    // Ranges that share bytes instead of lying back to back, as decoded dictionary blocks have.
    const shared = binaryValuesOf('string', ['same']);
    expectDistinct({ type: 'string', bytes: shared.bytes, starts: new Int32Array(50).fill(0), ends: new Int32Array(50).fill(4) });
    expectDistinct({ type: 'int64', values: new BigInt64Array(1000).fill(42n) });
    expectDistinct({ type: 'int64', values: BigInt64Array.from({ length: 1000 }, (_, i) => (i === 999 ? 43n : 42n)) });
    expectDistinct({ type: 'double', values: new Float64Array(100).fill(-0) });
  });

  it('numbers int64 and double values, runs included', () => {
    const random = pseudoRandom(5);
    const ints = BigInt64Array.from({ length: 2000 }, (_, i) => (i % 10 < 4 ? 7n : BigInt(Math.floor(random() * 300)) * 1_000_000_007n - 2n ** 62n));
    expectDistinct({ type: 'int64', values: ints });
    const doubles = Float64Array.from({ length: 2000 }, (_, i) => (i % 3 === 0 ? 0.25 : Math.floor(random() * 100) / 8));
    expectDistinct({ type: 'double', values: doubles });
  });
});

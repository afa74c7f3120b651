import { describe, expect, it } from 'vitest';
import { binaryValuesOf, type ColumnValues } from '../encodings/column-values';
import { computeBlockStats } from './block-stats';
import { toHex } from './stat-keys';

function pseudoRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
}

function columnOf(type: 'string' | 'bytes', items: Array<string | Uint8Array>): ColumnValues {
  return { rowCount: items.length, validity: null, dense: binaryValuesOf(type, items) };
}

/** Least and greatest key as JS compares strings, the order readers prune with. */
function extremes(keys: string[]): [string, string] {
  return [keys.reduce((a, b) => (b < a ? b : a)), keys.reduce((a, b) => (b > a ? b : a))];
}

describe('computeBlockStats', () => {
  it('finds the min and max of text in JS string order, non-ASCII and shared prefixes included', () => {
    const random = pseudoRandom(11);
    const alphabet = ['a', 'b', 'z', '/', '0', '~', 'é', 'ÿ', '漢', '\uffff', '😀', '\u0000'];
    for (let round = 0; round < 200; round++) {
      const texts = Array.from({ length: 1 + Math.floor(random() * 40) }, () => {
        let text = random() < 0.5 ? '/api/v1/' : '';
        const length = Math.floor(random() * 7);
        for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
        return text;
      });
      const { stats } = computeBlockStats(columnOf('string', texts), { bloom: false, keys: false });
      expect([stats.min, stats.max]).toEqual(extremes(texts));
    }
  });

  it('finds the min and max of bytes in hex order', () => {
    const random = pseudoRandom(5);
    for (let round = 0; round < 200; round++) {
      const ids = Array.from({ length: 1 + Math.floor(random() * 60) }, () =>
        Uint8Array.from({ length: Math.floor(random() * 6) }, () => (random() < 0.3 ? 0 : Math.floor(random() * 256))),
      );
      const { stats } = computeBlockStats(columnOf('bytes', ids), { bloom: false, keys: false });
      expect([stats.min, stats.max]).toEqual(extremes(ids.map((id) => toHex(id))));
    }
  });

  it('finds the min and max of int64 values, negative and repeated ones included', () => {
    const random = pseudoRandom(8);
    for (let round = 0; round < 100; round++) {
      const pool = Array.from({ length: 1 + Math.floor(random() * 6) }, () => BigInt(Math.floor(random() * 2 ** 40)) * (random() < 0.5 ? -1n : 1n) * 9973n);
      if (round % 10 === 0) pool.push(-(2n ** 63n), 2n ** 63n - 1n);
      const values = BigInt64Array.from({ length: 1 + Math.floor(random() * 50) }, () => pool[Math.floor(random() * pool.length)]);
      const { stats } = computeBlockStats({ rowCount: values.length, validity: null, dense: { type: 'int64', values } }, { bloom: false, keys: false });
      const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      expect([stats.min, stats.max]).toEqual([String(sorted[0]), String(sorted[sorted.length - 1])]);
    }
  });

  it('lists the hex keys of distinct ids, mostly distinct (span ids) or repeated (trace ids)', () => {
    const random = pseudoRandom(21);
    for (const repeats of [1, 8]) {
      const unique = Array.from({ length: 300 }, () => Uint8Array.from({ length: 8 + Math.floor(random() * 2) * 8 }, () => Math.floor(random() * 256)));
      const ids = unique.flatMap((id) => Array.from({ length: repeats }, () => id));
      const { distinctKeys } = computeBlockStats(columnOf('bytes', ids), { bloom: false, keys: true });
      expect(distinctKeys).toEqual([...new Set(ids.map((id) => toHex(id)))]);
    }
  });

  it('lists distinct keys only when asked, and builds Bloom filters without them', () => {
    const column = columnOf('bytes', [new Uint8Array([1, 2]), new Uint8Array([255]), new Uint8Array([1, 2])]);
    const withBloom = computeBlockStats(column, { bloom: true, keys: false });
    expect(withBloom.distinctKeys).toBeUndefined();
    expect(withBloom.bloom?.mightContain('0102')).toBe(true);
    expect(withBloom.bloom?.mightContain('ff')).toBe(true);
    expect(computeBlockStats(column, { bloom: true, keys: true }).distinctKeys).toEqual(['0102', 'ff']);
  });
});

import type { BloomFilter } from 'bloom-filters';
import { describe, expect, it } from 'vitest';
import { binaryValuesOf } from '../encodings/column-values';
import { BlockBloom } from './bloom-index';
import { toHex } from './stat-keys';

function randomBytes(seed: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed * 2654435761 + 7;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

const allIndexes = (count: number) => Int32Array.from({ length: count }, (_, i) => i);

/** The filter the library's own `add` builds with Prism's hashing, from an empty one of the same size. */
function libraryBuilt(keys: string[]): unknown {
  const empty = BlockBloom.load(JSON.parse(JSON.stringify(BlockBloom.of([], keys.length).save())));
  const filter = (empty as unknown as { filter: BloomFilter }).filter;
  for (const key of keys) filter.add(key);
  return filter.saveAsJSON();
}

describe('BlockBloom', () => {
  it('sets the bits filters saved by earlier versions have, so old stats files keep answering', () => {
    const keys = [
      '5b8efff798038103d269b633813fc60c',
      'eee19b7ec3c1b174',
      'GET /users',
      'ünïcödé 😀',
      '',
      ...Array.from({ length: 55 }, (_, i) => `key-${i * 7919}`),
    ];
    // Saved by the first fmix32-v1 implementation (one hash call per seed through bloom-filters' add).
    const content = '2lqv24p7y0w6VsSedeOQehTVNOeRCP7nGMOdAch7POfiDdxdjHuHH/lBDh0Lc5bWhpLDwIauLr8Rm8y1xspGpNdw8ygRZg9R';
    const saved = { hash: 'fmix32-v1', filter: { type: 'BloomFilter', _size: 576, _nbHashes: 7, _filter: { size: 576, content }, _seed: 78187493520 } };
    expect(BlockBloom.of(keys, keys.length).save()).toEqual(saved);
    const loaded = BlockBloom.load(saved);
    for (const key of keys) expect(loaded.mightContain(key)).toBe(true);
  });

  it('sets the bits the library sets for the same keys, so readers find every key', () => {
    for (const count of [1, 2, 7, 125, 1000]) {
      const keys = Array.from({ length: count }, (_, i) => (i % 3 === 0 ? toHex(randomBytes(i, 16)) : `key-${i} ü 😀`));
      expect(BlockBloom.of(keys, count).save().filter).toEqual(libraryBuilt(keys));
    }
  });

  it('builds from raw bytes exactly the filter the hex keys give, so saved filters and lookups are unchanged', () => {
    for (const [count, length] of [
      [1, 16],
      [125, 16],
      [1000, 8],
      [37, 0],
      [300, 33],
    ]) {
      const ids = Array.from({ length: count }, (_, i) => randomBytes(i + count, length));
      const fromBytes = BlockBloom.ofBinary(binaryValuesOf('bytes', ids), allIndexes(count));
      const fromKeys = BlockBloom.of(
        ids.map((id) => toHex(id)),
        count,
      );
      expect(fromBytes.save()).toEqual(fromKeys.save());
      const loaded = BlockBloom.load(JSON.parse(JSON.stringify(fromBytes.save())));
      for (const id of ids) expect(loaded.mightContain(toHex(id))).toBe(true);
    }
  });

  it('builds from UTF-8 text the filter its strings give, non-ASCII and astral characters included', () => {
    const texts = ['', 'GET /users', 'ünïcödé', '😀 漢字', 'x'.repeat(700), 'service-7', 'a\u0000b'];
    const fromBytes = BlockBloom.ofBinary(binaryValuesOf('string', texts), allIndexes(texts.length));
    expect(fromBytes.save()).toEqual(BlockBloom.of(texts, texts.length).save());
    for (const text of texts) expect(fromBytes.mightContain(text)).toBe(true);
  });

  it('saves what the library saves and loads back', () => {
    for (const count of [1, 3, 1000]) {
      const keys = Array.from({ length: count }, (_, i) => `key-${i}`);
      const bloom = BlockBloom.of(keys, count);
      const internal = (bloom as unknown as { filter: BloomFilter }).filter;
      expect(JSON.stringify(bloom.save().filter)).toBe(JSON.stringify(internal.saveAsJSON()));
      const loaded = BlockBloom.load(JSON.parse(JSON.stringify(bloom.save())));
      expect(loaded.save()).toEqual(bloom.save());
      for (const key of keys) expect(loaded.mightContain(key)).toBe(true);
    }
  });

  it('hashes only the values it is given', () => {
    const values = binaryValuesOf('string', ['a', 'b', 'a', 'c']);
    const firsts = Int32Array.from([0, 1, 3]);
    expect(BlockBloom.ofBinary(values, firsts).save()).toEqual(BlockBloom.of(['a', 'b', 'c'], 3).save());
  });

  it('keeps the 1 % false-positive rate on absent ids', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => randomBytes(i, 16));
    const bloom = BlockBloom.ofBinary(binaryValuesOf('bytes', ids), allIndexes(ids.length));
    let falsePositives = 0;
    for (let i = 0; i < 10_000; i++) if (bloom.mightContain(toHex(randomBytes(100_000 + i, 16)))) falsePositives++;
    expect(falsePositives).toBeLessThan(200);
  });
});

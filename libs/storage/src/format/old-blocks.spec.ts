import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ColumnType } from '@prism/contract';
import { columnValuesOf } from '../encodings/arrow-gather';
import { chooseEncoding } from '../encodings/encoding-registry';
import { vectorOf } from '../encodings/column-values';
import { spanBatch } from '../test-support/span-batches';
import { decodeBlock, encodeBlock } from './block-format';
import { computeBlockStats } from './block-stats';
import { brotliCompression, deflateCompression, noCompression, type Compression } from './compression';

interface FixtureBlock {
  type: ColumnType;
  encoding: string;
  compression: string;
  base64: string;
}

/** Blocks saved by the first writer (brotli quality 5, deflate 1), before the compression change. */
const fixture = JSON.parse(readFileSync(join(import.meta.dirname, '../../test-data/first-choice-blocks.json'), 'utf8')) as {
  blocks: Record<string, FixtureBlock>;
};
const batch = spanBatch(40, { seed: 3 });

function cellsOf(values: ReturnType<typeof decodeBlock>): unknown[] {
  const vector = vectorOf(values);
  return Array.from({ length: vector.length }, (_, row) => vector.get(row));
}

/**
 * A one-chunk version-2 block as version 1 wrote it: version byte 1 and no stored-length field
 * (bytes 24..28); header fields and the stored body are otherwise the same.
 */
function asVersion1(bytes: Uint8Array): Uint8Array {
  const stored = new DataView(bytes.buffer, bytes.byteOffset).getUint32(24, true);
  expect(bytes[4]).toBe(2);
  expect(bytes.length).toBe(28 + stored);
  const old = new Uint8Array(bytes.length - 4);
  old.set(bytes.subarray(0, 24));
  old.set(bytes.subarray(28), 24);
  old[4] = 1;
  return old;
}

describe('blocks written with an earlier compression choice', () => {
  it.each(Object.entries(fixture.blocks))('still read: %s', (name, block) => {
    const decoded = decodeBlock(Buffer.from(block.base64, 'base64'), block.type);
    const expected = batch.getChild(name);
    expect(Array.from({ length: batch.numRows }, (_, row) => expected?.get(row))).toEqual(cellsOf(decoded));
  });

  it('cover brotli, deflate and raw blocks, and re-encoding with the old codecs gives the same bytes', () => {
    const compressions = new Set(Object.values(fixture.blocks).map((block) => block.compression));
    expect(compressions).toEqual(new Set(['brotli', 'deflate', 'none']));
    const oldCodecs: Record<string, Compression> = { brotli: brotliCompression, deflate: deflateCompression, none: noCompression };
    for (const [name, block] of Object.entries(fixture.blocks)) {
      const vector = batch.getChild(name);
      if (vector === null) throw new Error(`fixture column ${name} missing`);
      const values = columnValuesOf(vector, block.type);
      const stats = computeBlockStats(values, { bloom: false, keys: false });
      const encoding = chooseEncoding(block.type, {
        dictionary: false,
        distinctCount: stats.stats.distinctCount,
        valueCount: values.rowCount - stats.stats.nullCount,
      });
      expect(encoding.name).toBe(block.encoding);
      const again = encodeBlock(values, encoding, oldCodecs[block.compression], stats.distinct);
      expect(Buffer.from(asVersion1(again.bytes)).toString('base64')).toBe(block.base64);
    }
  });
});

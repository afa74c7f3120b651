import { describe, expect, it } from 'vitest';
import type { ColumnType } from '@prism/contract';
import { decodeBlock, encodeBlock } from '../format/block-format';
import { allCompressions } from '../format/compression';
import { CorruptDataError } from '../errors';
import type { BlockEncoding } from './block-encoding';
import { ByteReader, ByteWriter } from './byte-buffer';
import { binaryValuesOf, denseLength, denseToArray, type ColumnValues, type DenseValues } from './column-values';
import { allEncodings, chooseEncoding, encodingById } from './encoding-registry';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Values with the extremes every encoding of a type must survive. */
const samples: Record<ColumnType, DenseValues[]> = {
  int64: [
    { type: 'int64', values: new BigInt64Array([]) },
    { type: 'int64', values: new BigInt64Array([INT64_MIN, INT64_MAX, 0n, -1n, 1n, INT64_MAX, INT64_MIN]) },
    { type: 'int64', values: BigInt64Array.from({ length: 500 }, (_, i) => 1_700_000_000_000_000_000n + BigInt(i * 1_000_003)) },
  ],
  double: [
    { type: 'double', values: new Float64Array([]) },
    { type: 'double', values: new Float64Array([NaN, Infinity, -Infinity, -0, 0, Number.MIN_VALUE, Number.MAX_VALUE, 1.5]) },
  ],
  bool: [
    { type: 'bool', values: new Uint8Array([]) },
    { type: 'bool', values: new Uint8Array([1, 0, 0, 1, 1, 1, 0, 1, 0]) },
  ],
  string: [
    binaryValuesOf('string', []),
    binaryValuesOf('string', ['', 'GET /users', '', 'ünïcödé 😀 漢字', 'GET /users', 'x'.repeat(5000)]),
    // Every length around the word-by-word copy of short values.
    binaryValuesOf(
      'string',
      Array.from({ length: 80 }, (_, length) => 'abcdefghijklmnopqrstuvwxyz'.repeat(4).slice(0, length)),
    ),
  ],
  json: [binaryValuesOf('json', ['[1,2,3]', '{"a":"b"}', '[]'])],
  bytes: [binaryValuesOf('bytes', []), binaryValuesOf('bytes', [new Uint8Array([]), new Uint8Array([0, 255, 128]), new Uint8Array(16).fill(7)])],
};

function roundTrip(encoding: BlockEncoding, dense: DenseValues, type: ColumnType): DenseValues {
  const out = new ByteWriter(4);
  encoding.encode(dense, out);
  const reader = new ByteReader(out.finish());
  const decoded = encoding.decode(reader, denseLength(dense), type);
  expect(reader.remaining).toBe(0);
  return decoded;
}

describe.each(allEncodings.map((encoding) => [encoding.name, encoding] as const))('%s encoding', (_name, encoding) => {
  for (const type of encoding.types) {
    it(`round-trips ${type} values including extremes and empty input`, () => {
      for (const dense of samples[type]) {
        const decoded = roundTrip(encoding, dense, type);
        expect(decoded.type).toBe(type);
        expect(denseToArray(decoded)).toEqual(denseToArray(dense));
      }
    });
  }

  it('is found by its id', () => {
    expect(encodingById(encoding.id)).toBe(encoding);
  });
});

describe('encoding choice', () => {
  it('uses dictionaries for configured or repetitive strings, delta-varint for int64', () => {
    expect(chooseEncoding('string', { dictionary: true, distinctCount: 100, valueCount: 100 }).name).toBe('dictionary');
    expect(chooseEncoding('string', { dictionary: false, distinctCount: 5, valueCount: 100 }).name).toBe('dictionary');
    expect(chooseEncoding('string', { dictionary: false, distinctCount: 90, valueCount: 100 }).name).toBe('plain-binary');
    expect(chooseEncoding('int64', { dictionary: false, distinctCount: 1, valueCount: 1 }).name).toBe('delta-varint');
    expect(chooseEncoding('double', { dictionary: false, distinctCount: 1, valueCount: 1 }).name).toBe('plain-double');
  });

  it('rejects unknown ids as corrupt data', () => {
    expect(() => encodingById(250)).toThrow(CorruptDataError);
  });

  it('shrinks sequential timestamps well below 8 bytes a value', () => {
    const dense = samples.int64[2];
    const out = new ByteWriter();
    encodingById(2).encode(dense, out);
    expect(out.length).toBeLessThan(denseLength(dense) * 5);
  });
});

describe('block format', () => {
  const strings = ['a', 'b', 'a', 'c', 'a', 'ü'];
  const column: ColumnValues = { rowCount: 10, validity: new Uint8Array([0b1011_0101, 0b10]), dense: binaryValuesOf('string', strings) };
  const asArrays = (values: ColumnValues) => ({ ...values, dense: denseToArray(values.dense) });

  it.each(allCompressions.map((codec) => [codec.name, codec] as const))('round-trips nulls and values with %s', (_name, codec) => {
    const big: ColumnValues = {
      ...column,
      dense: binaryValuesOf(
        'string',
        strings.map((v) => v.repeat(40)),
      ),
    };
    for (const input of [column, big]) {
      const { bytes } = encodeBlock(input, encodingById(4), codec);
      expect(asArrays(decodeBlock(bytes, 'string'))).toEqual(asArrays(input));
    }
  });

  it('round-trips a block of only nulls and an empty block', () => {
    const nulls: ColumnValues = { rowCount: 3, validity: new Uint8Array([0]), dense: { type: 'int64', values: new BigInt64Array(0) } };
    const empty: ColumnValues = { rowCount: 0, validity: null, dense: { type: 'double', values: new Float64Array(0) } };
    expect(decodeBlock(encodeBlock(nulls, encodingById(2), allCompressions[1]).bytes, 'int64')).toEqual(nulls);
    expect(decodeBlock(encodeBlock(empty, encodingById(1), allCompressions[1]).bytes, 'double')).toEqual(empty);
  });

  it('detects damage, truncation and a type the encoding cannot hold', () => {
    const { bytes } = encodeBlock(column, encodingById(3), allCompressions[0]);
    const damaged = bytes.slice();
    damaged[damaged.length - 1] ^= 0xff;
    expect(() => decodeBlock(damaged, 'string')).toThrow(/checksum/);
    expect(() => decodeBlock(bytes.subarray(0, 10), 'string')).toThrow(CorruptDataError);
    expect(() => decodeBlock(bytes, 'int64')).toThrow(/cannot hold/);
  });
});

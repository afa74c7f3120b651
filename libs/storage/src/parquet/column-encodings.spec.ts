import { describe, expect, it } from 'vitest';
import { binaryValuesOf, type ColumnValues } from '../encodings/column-values';
import { planColumnEncodings, type ColumnEncodingRules } from './column-encodings';

const RULES: ColumnEncodingRules = { maxDictionaryDistinctRatio: 0.3, nonDictionaryInt64: 'byte-stream-split' };
const ROWS = 1000;

const ints = (value: (row: number) => number): ColumnValues => ({
  rowCount: ROWS,
  validity: null,
  dense: { type: 'int64', values: BigInt64Array.from({ length: ROWS }, (_, row) => BigInt(value(row))) },
});
const doubles = (value: (row: number) => number): ColumnValues => ({
  rowCount: ROWS,
  validity: null,
  dense: { type: 'double', values: Float64Array.from({ length: ROWS }, (_, row) => value(row)) },
});
const strings = (value: (row: number) => string): ColumnValues => ({
  rowCount: ROWS,
  validity: null,
  dense: binaryValuesOf(
    'string',
    Array.from({ length: ROWS }, (_, row) => value(row)),
  ),
});

describe('planColumnEncodings', () => {
  const sample = new Map<string, ColumnValues>([
    ['timestamp', ints((row) => 1_000_000 + row * 17)],
    ['kind', ints((row) => row % 5)],
    ['queue.wait_ms', doubles((row) => row / 7)],
    ['name', strings((row) => `GET /route/${row % 40}`)],
    ['request.id', strings((row) => `req-${row}`)],
    // 300 distinct of 1000 is exactly the limit: still a dictionary.
    ['at.limit', strings((row) => `v${row % 300}`)],
    ['over.limit', strings((row) => `v${row % 301}`)],
    ['all.null', { rowCount: ROWS, validity: new Uint8Array(ROWS / 8), dense: binaryValuesOf('string', []) }],
  ]);

  it('keeps dictionaries for repetitive columns and drops them for near-unique ones', () => {
    expect(Object.fromEntries(planColumnEncodings(sample, RULES))).toEqual({
      timestamp: 'byte-stream-split',
      kind: 'dictionary',
      'queue.wait_ms': 'plain',
      name: 'dictionary',
      'request.id': 'plain',
      'at.limit': 'dictionary',
      'over.limit': 'plain',
      'all.null': 'dictionary',
    });
  });

  it('writes near-unique int64 plain when asked, and keeps every dictionary at ratio 1', () => {
    expect(planColumnEncodings(sample, { ...RULES, nonDictionaryInt64: 'plain' }).get('timestamp')).toBe('plain');
    expect(new Set(planColumnEncodings(sample, { ...RULES, maxDictionaryDistinctRatio: 1 }).values())).toEqual(new Set(['dictionary']));
  });

  it('compares byte strings by their bytes, not their text', () => {
    // Two distinct invalid UTF-8 sequences must not collapse into one replacement character.
    const bytes = binaryValuesOf('bytes', [Uint8Array.of(0xff), Uint8Array.of(0xfe), Uint8Array.of(0xff)]);
    const plan = planColumnEncodings(new Map([['id', { rowCount: 3, validity: null, dense: bytes }]]), { ...RULES, maxDictionaryDistinctRatio: 0.5 });
    expect(plan.get('id')).toBe('plain'); // 2 distinct of 3 > 0.5
  });
});

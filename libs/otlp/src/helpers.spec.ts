import { describe, expect, it } from 'vitest';
import { anyValueToTyped } from './any-value';
import { parseContentType } from './content-type';
import { bytesToHex, checkId, hexToBytes } from './ids';
import { toBigInt } from './protobuf/protobuf-common';

describe('ids', () => {
  it('converts hex both ways, case-insensitively', () => {
    expect(hexToBytes('0aFf')).toEqual(new Uint8Array([10, 255]));
    expect(bytesToHex(new Uint8Array([10, 255, 0]))).toBe('0aff00');
    expect(hexToBytes('abc')).toBeUndefined();
    expect(hexToBytes('zz')).toBeUndefined();
    expect(hexToBytes('')).toEqual(new Uint8Array(0));
  });

  it('checks id lengths', () => {
    expect(checkId(new Uint8Array(5), 16, 'spans[0].traceId')).toEqual({ path: 'spans[0].traceId', message: 'expected 16 bytes, got 5' });
    expect(checkId(new Uint8Array(16), 16, 'x')).toBeUndefined();
    expect(checkId(new Uint8Array(0), 8, 'x', true)).toBeUndefined();
    expect(checkId(new Uint8Array(0), 8, 'x')).toBeDefined();
  });
});

describe('anyValueToTyped', () => {
  it('maps scalars straight and nested values to JSON', () => {
    expect(anyValueToTyped({ kind: 'int', value: 5n })).toEqual({ type: 'int64', value: 5n });
    expect(anyValueToTyped({ kind: 'empty' })).toBeUndefined();
    expect(
      anyValueToTyped({
        kind: 'kvlist',
        values: [
          {
            key: 'a',
            value: {
              kind: 'array',
              values: [
                { kind: 'int', value: 2n ** 60n },
                { kind: 'double', value: Infinity },
              ],
            },
          },
          { key: 'b', value: { kind: 'bytes', value: new Uint8Array([1]) } },
          { key: 'c', value: { kind: 'empty' } },
        ],
      }),
    ).toEqual({ type: 'json', value: '{"a":["1152921504606846976","Infinity"],"b":"01","c":null}' });
  });
});

describe('parseContentType', () => {
  it('ignores parameters and case', () => {
    expect(parseContentType('Application/JSON; charset=utf-8')).toBe('application/json');
    expect(parseContentType('application/x-protobuf')).toBe('application/x-protobuf');
    expect(parseContentType('application/protobuf')).toBeUndefined();
  });
});

describe('toBigInt', () => {
  it('converts protobufjs Longs of every range', () => {
    expect(toBigInt({ low: 5, high: 0, unsigned: true })).toBe(5n);
    expect(toBigInt({ low: -480688128, high: 359656442, unsigned: true })).toBe(1544712660000000000n);
    expect(toBigInt({ low: -1, high: -1, unsigned: true })).toBe(2n ** 64n - 1n);
    expect(toBigInt({ low: -1, high: -1, unsigned: false })).toBe(-1n);
    expect(toBigInt({ low: 0, high: 0x1f_ffff, unsigned: false })).toBe(0x1f_ffffn << 32n);
  });
});

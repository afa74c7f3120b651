import { rowsOf, type EventizeResult } from '@prism/contract';
import fc from 'fast-check';
import type { Writer } from 'protobufjs/minimal';
import type { AnyValue, KeyValue } from '../model';

/**
 * Columns (name and type, sorted) and rows (keys sorted) of a result, for comparing the
 * single-pass path with decode + eventize: column order may differ, nothing else may.
 */
export function comparableResult(result: EventizeResult): unknown {
  const columns = result.batch.schema.fields.map((field) => `${field.name}:${field.metadata.get('prism.type')}`).sort();
  const rows = rowsOf(result.batch).map((row) => Object.fromEntries(Object.entries(row).sort(([a], [b]) => (a < b ? -1 : 1))));
  return { columns, rows, acceptedRecords: result.acceptedRecords, rejected: result.rejected };
}

/** A valid (non-zero) id of `length` bytes. */
export const idArbitrary = (length: number): fc.Arbitrary<Uint8Array> =>
  fc.uint8Array({ minLength: length, maxLength: length }).filter((bytes) => bytes.some((byte) => byte !== 0));

// Few keys, so records repeat, reorder and retype them (exercising key prediction and `#type` columns).
const keyArbitrary = fc.constantFrom('a', 'b', 'http.method', 'name', 'version', 'é', '');

/** Short strings, including multi-byte graphemes. */
export const textArbitrary = fc.oneof(fc.string({ maxLength: 8 }), fc.string({ unit: 'grapheme', maxLength: 4 }), fc.constantFrom('GET', 'POST'));

/** Every AnyValue kind, arrays and kvlists nested a few levels. */
export const anyValueArbitrary: fc.Arbitrary<AnyValue> = fc.letrec<{ value: AnyValue; kv: KeyValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ kind: fc.constant('string' as const), value: textArbitrary }),
    fc.record({ kind: fc.constant('bool' as const), value: fc.boolean() }),
    fc.record({ kind: fc.constant('int' as const), value: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }) }),
    fc.record({ kind: fc.constant('double' as const), value: fc.double() }),
    fc.record({ kind: fc.constant('bytes' as const), value: fc.uint8Array({ maxLength: 4 }) }),
    fc.constant({ kind: 'empty' as const }),
    fc.record({ kind: fc.constant('array' as const), values: fc.array(tie('value'), { maxLength: 3 }) }),
    fc.record({ kind: fc.constant('kvlist' as const), values: fc.array(tie('kv'), { maxLength: 3 }) }),
  ),
  kv: fc.record({ key: keyArbitrary, value: tie('value') }),
})).value;

/** Attribute lists with repeated and retyped keys. */
export const attributesArbitrary = fc.array(fc.record({ key: keyArbitrary, value: anyValueArbitrary }), { maxLength: 5 });

/** A uint32 count, often 0 (the proto3 default, left off the wire). */
export const countArbitrary = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2 ** 32 - 1 }));

/** An optional resource and the scope groups under it. */
export const resourceArbitrary = fc.option(fc.record({ attributes: attributesArbitrary, droppedAttributesCount: countArbitrary }), { nil: undefined });

/** An optional instrumentation scope. */
export const scopeArbitrary = fc.option(
  fc.record({ name: textArbitrary, version: textArbitrary, attributes: attributesArbitrary, droppedAttributesCount: countArbitrary }),
  { nil: undefined },
);

/** Protobuf tag of `field` with `wireType`. */
export function protobufTag(field: number, wireType: number): number {
  return ((field << 3) | wireType) >>> 0;
}

/** Adds nothing: the plain encoding of a hand-written message. */
export function noFields(): void {
  // Nothing to add.
}

/** Fields no OTLP message defines, one of each wire type (varint, fixed64, length-delimited, fixed32): readers must skip them. */
export function unknownFields(writer: Writer): void {
  writer.uint32(protobufTag(99, 0)).uint64('18446744073709551615');
  writer.uint32(protobufTag(100, 1)).fixed64(5);
  writer.uint32(protobufTag(101, 2)).string('ignored');
  writer.uint32(protobufTag(102, 5)).fixed32(6);
}

import type { AnyValue, KeyValue } from '@prism/otlp';
import { bytesToHex } from './ids';

/** A JSON-ready value: what an AnyValue becomes inside JSON text columns (links, arrays, kvlists). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * The JSON form of an AnyValue. Ints within ±2^53 become numbers, larger ones decimal strings (JSON
 * numbers lose precision past that); bytes become lower-case hex; kvlists become objects.
 */
export function anyValueToJson(value: AnyValue): JsonValue {
  switch (value.kind) {
    case 'string':
    case 'bool':
    case 'double':
      return value.value;
    case 'int':
      return intToJson(value.value);
    case 'bytes':
      return bytesToHex(value.value);
    case 'array':
      return value.values.map(anyValueToJson);
    case 'kvlist':
      return attributesToJson(value.values);
    case 'empty':
      return null;
  }
}

/** Attributes as one JSON object, key → value. */
export function attributesToJson(attributes: readonly KeyValue[]): { [key: string]: JsonValue } {
  const object: { [key: string]: JsonValue } = {};
  for (const attribute of attributes) object[attribute.key] = anyValueToJson(attribute.value);
  return object;
}

function intToJson(value: bigint): number | string {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
}

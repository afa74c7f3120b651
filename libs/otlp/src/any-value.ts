import type { TypedValue } from '@prism/contract';
import { bytesToHex } from './ids';
import type { AnyValue, KeyValue } from './model';

/**
 * The column value of an attribute or body: scalars map straight, arrays and key-value lists become
 * JSON text, an empty value is undefined (no cell).
 *
 * @example anyValueToTyped({ kind: 'int', value: 200n }) // { type: 'int64', value: 200n }
 */
export function anyValueToTyped(value: AnyValue): TypedValue | undefined {
  switch (value.kind) {
    case 'string':
      return { type: 'string', value: value.value };
    case 'bool':
      return { type: 'bool', value: value.value };
    case 'int':
      return { type: 'int64', value: value.value };
    case 'double':
      return { type: 'double', value: value.value };
    case 'bytes':
      return { type: 'bytes', value: value.value };
    case 'array':
    case 'kvlist':
      return { type: 'json', value: JSON.stringify(anyValueToJson(value)) };
    case 'empty':
      return undefined;
  }
}

/**
 * A plain JSON value for an AnyValue: arrays stay arrays, kvlists become objects (a repeated key keeps
 * the last value), int64 that fit a double become numbers and larger ones decimal strings,
 * non-finite doubles strings, bytes hex strings, empty values null.
 */
export function anyValueToJson(value: AnyValue): unknown {
  switch (value.kind) {
    case 'string':
    case 'bool':
      return value.value;
    case 'int':
      return value.value >= -MAX_SAFE && value.value <= MAX_SAFE ? Number(value.value) : value.value.toString();
    case 'double':
      return Number.isFinite(value.value) ? value.value : String(value.value);
    case 'bytes':
      return bytesToHex(value.value);
    case 'array':
      return value.values.map(anyValueToJson);
    case 'kvlist':
      return keyValuesToJson(value.values);
    case 'empty':
      return null;
  }
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function keyValuesToJson(values: KeyValue[]): Record<string, unknown> {
  // A null-prototype object so a key such as "__proto__" is kept as data.
  const object: Record<string, unknown> = Object.create(null);
  for (const { key, value } of values) object[key] = anyValueToJson(value);
  return object;
}

import type { ColumnType } from '@prism/contract';

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** Lower-case hex of bytes, e.g. a trace id. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]];
  return out;
}

/** A value a caller may look up: JS values as `rowsOf` returns them, or hex text for bytes columns. */
export type LookupValue = string | bigint | number | boolean | Uint8Array;

/**
 * The text form of a value used for distinct counts, Bloom filters and min/max in stats files:
 * int64 in decimal, doubles as JS prints them, bytes as lower-case hex, strings as themselves.
 */
export function statKey(type: ColumnType, value: LookupValue): string {
  if (value instanceof Uint8Array) return toHex(value);
  if (type === 'bytes' && typeof value === 'string') return value.toLowerCase();
  return String(value);
}

import { InvalidCatalogInputError } from './errors';

/**
 * `int8` arrives as a string from `pg` and as a bigint from PGlite; both become a bigint here.
 */
export function toBigInt(value: string | number | bigint): bigint {
  return typeof value === 'bigint' ? value : BigInt(value);
}

/** An `int8` count (rows, bytes) as a number; counts never approach 2^53. */
export function toCount(value: string | number | bigint): number {
  return Number(value);
}

/** The text form an `int8` parameter is sent as: both drivers accept it without guessing. */
export function int8Param(value: bigint | number, field: string): string {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw new InvalidCatalogInputError(field, `expected an integer, got ${value}`);
  }
  const big = BigInt(value);
  if (big < -(2n ** 63n) || big >= 2n ** 63n) {
    throw new InvalidCatalogInputError(field, `${big} does not fit in int8`);
  }
  return big.toString();
}

/** A non-negative safe integer parameter (row counts, sizes, block numbers). */
export function countParam(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new InvalidCatalogInputError(field, `expected a non-negative integer, got ${value}`);
  }
  return value;
}

/** `bytea` comes back as a Buffer from `pg` and a Uint8Array from PGlite: normalize to a plain Uint8Array. */
export function toBytes(value: Uint8Array): Uint8Array {
  return new Uint8Array(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength));
}

/** A JSON value, as stored results are. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

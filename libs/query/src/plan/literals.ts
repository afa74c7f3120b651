import type { ColumnType } from '@prism/contract';
import type { FilterLiteral } from '@prism/contract';

/** A literal converted to the representation cells of a column type are compared in. */
export type Comparable = bigint | number | string | boolean;

const INTEGER = /^-?\d+$/;
const HEX = /^(?:[0-9a-fA-F]{2})*$/;

/**
 * `value` as a comparable of `type`, or undefined when it cannot be one (e.g. `"abc"` for an
 * int64 column): int64 as bigint, double as number, bytes as lower-case hex, strings as text.
 */
export function coerceLiteral(type: ColumnType, value: FilterLiteral): Comparable | undefined {
  switch (type) {
    case 'int64':
      if (typeof value === 'bigint') return value;
      if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : undefined;
      if (typeof value === 'string' && INTEGER.test(value)) return BigInt(value);
      return undefined;
    case 'double':
      if (typeof value === 'number') return value;
      if (typeof value === 'bigint') return Number(value);
      if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
      return undefined;
    case 'string':
    case 'json':
      return typeof value === 'string' ? value : undefined;
    case 'bool':
      return typeof value === 'boolean' ? value : undefined;
    case 'bytes':
      return typeof value === 'string' && HEX.test(value) ? value.toLowerCase() : undefined;
  }
}

/** What a literal of `type` must look like, for error messages. */
export function describeType(type: ColumnType): string {
  switch (type) {
    case 'int64':
      return 'an integer (number or decimal string)';
    case 'double':
      return 'a number';
    case 'string':
    case 'json':
      return 'a string';
    case 'bool':
      return 'a boolean';
    case 'bytes':
      return 'a hex string';
  }
}

/** Orders two comparables of one column type. */
export function compareComparable(a: Comparable, b: Comparable): number {
  if (a === b) return 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

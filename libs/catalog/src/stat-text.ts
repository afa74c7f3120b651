import type { TypedValue } from '@prism/contract';
import { hexOf } from './values';

/**
 * The text a block's min or max is stored as: strings and JSON as they are, int64 in decimal,
 * doubles in JavaScript's shortest round-trip form, booleans as `true`/`false`, bytes as hex.
 */
export function statText(value: TypedValue): string {
  switch (value.type) {
    case 'string':
    case 'json':
      return value.value;
    case 'int64':
      return value.value.toString();
    case 'double':
      return String(value.value);
    case 'bool':
      return value.value ? 'true' : 'false';
    case 'bytes':
      return hexOf(value.value);
  }
}

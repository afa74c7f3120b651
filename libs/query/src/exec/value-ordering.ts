import type { RowValue } from '@prism/contract';
import type { ResolvedOrderKey } from '../plan/resolved-plan';
import { hexOf } from './column-cells';

/** Orders two cell values: numbers and bigints together, text, bytes by hex; nulls always last. */
export function compareValues(a: RowValue | undefined, b: RowValue | undefined): number {
  const aNull = a === null || a === undefined || (typeof a === 'number' && Number.isNaN(a));
  const bNull = b === null || b === undefined || (typeof b === 'number' && Number.isNaN(b));
  if (aNull || bNull) return aNull === bNull ? 0 : aNull ? 1 : -1;
  const left = a instanceof Uint8Array ? hexOf(a) : a;
  const right = b instanceof Uint8Array ? hexOf(b) : b;
  if (typeof left === 'boolean' || typeof right === 'boolean') return Number(left) - Number(right);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** A comparator of output rows by order keys; nulls last in both directions. */
export function rowComparator(keys: readonly ResolvedOrderKey[]): (a: Record<string, RowValue>, b: Record<string, RowValue>) => number {
  return (a, b) => {
    for (const key of keys) {
      const left = a[key.output];
      const right = b[key.output];
      const order = compareValues(left, right);
      if (order === 0) continue;
      const leftNull = left === null || left === undefined;
      const rightNull = right === null || right === undefined;
      if (leftNull || rightNull) return order;
      return key.descending ? -order : order;
    }
    return 0;
  };
}

import { BaseColumn, ColumnPrefix, TYPE_VARIANT_SEPARATOR, type ColumnType, type Signal } from '@prism/contract';
import { QueryValidationError } from '../errors';

const COLUMN_TYPES: readonly ColumnType[] = ['string', 'int64', 'double', 'bool', 'bytes', 'json'];
const BASE_COLUMNS: ReadonlySet<string> = new Set(Object.values(BaseColumn));
const ATTRIBUTE_PREFIXES: readonly string[] = Object.values(ColumnPrefix);

/** A column a query names, resolved against the signal: its row-model name and its type when known. */
export interface ResolvedColumn {
  column: string;
  /** Known from the signal's query hooks or a `#type` suffix; attribute columns are typed per segment. */
  type: ColumnType | undefined;
}

/**
 * Resolves a column name as a user wrote it: a signal alias (`service`), a known column, a base
 * column, an attribute column under a row-model prefix (`span.attr.http.method`), or a type
 * variant of any of these (`value#int64`). Anything else is a {@link QueryValidationError} at `path`.
 */
export function resolveColumn(signal: Signal, name: unknown, path: string): ResolvedColumn {
  if (typeof name !== 'string' || name === '') throw new QueryValidationError(path, 'expected a column name');
  const aliased = signal.query.columnAliases[name] ?? name;
  const known = signal.query.knownColumns[aliased];
  if (known !== undefined) return { column: aliased, type: known };
  const separator = aliased.lastIndexOf(TYPE_VARIANT_SEPARATOR);
  if (separator > 0) {
    const suffix = aliased.slice(separator + 1) as ColumnType;
    const base = aliased.slice(0, separator);
    if (COLUMN_TYPES.includes(suffix) && isQueryableName(signal, base)) return { column: aliased, type: suffix };
  }
  if (isQueryableName(signal, aliased)) return { column: aliased, type: undefined };
  throw new QueryValidationError(path, `unknown column "${name}" for signal "${signal.name}"`);
}

function isQueryableName(signal: Signal, name: string): boolean {
  if (signal.query.knownColumns[name] !== undefined || BASE_COLUMNS.has(name)) return true;
  return ATTRIBUTE_PREFIXES.some((prefix) => name.startsWith(prefix) && name.length > prefix.length);
}

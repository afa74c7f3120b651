import { BaseColumn, ColumnPrefix } from '@prism/contract';
import { anyValueToTyped, type InstrumentationScope, type KeyValue, type Resource } from '@prism/otlp';
import type { CachedColumn } from '../common/row-stamp';

/**
 * The resource and scope columns of one ResourceSpans / ScopeSpans, computed once and copied into
 * every row below them instead of being rebuilt per span.
 */
export function resourceColumns(resource: Resource | undefined): CachedColumn[] {
  const columns: CachedColumn[] = [];
  if (resource !== undefined) addAttributes(columns, ColumnPrefix.resource, resource.attributes);
  return columns;
}

/** The resource columns followed by the scope's name, version and attributes. */
export function scopeColumns(resource: readonly CachedColumn[], scope: InstrumentationScope | undefined): CachedColumn[] {
  const columns = resource.slice();
  if (scope === undefined) return columns;
  if (scope.name !== '') columns.push({ column: BaseColumn.scopeName, value: { type: 'string', value: scope.name } });
  if (scope.version !== '') columns.push({ column: BaseColumn.scopeVersion, value: { type: 'string', value: scope.version } });
  addAttributes(columns, ColumnPrefix.scope, scope.attributes);
  return columns;
}

function addAttributes(columns: CachedColumn[], prefix: string, attributes: readonly KeyValue[]): void {
  for (const attribute of attributes) {
    const value = anyValueToTyped(attribute.value);
    if (value !== undefined) columns.push({ column: prefix + attribute.key, value });
  }
}

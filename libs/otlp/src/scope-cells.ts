import { BaseColumn, ColumnPrefix } from '@prism/contract';
import { attributeCells, type AttributeCell } from './attribute-cells';
import type { InstrumentationScope, Resource } from './model';

/** The cells of a resource: `resource.<key>` for each attribute. Computed once per resource. */
export function resourceCells(resource: Resource | undefined): AttributeCell[] {
  return resource === undefined ? [] : attributeCells(ColumnPrefix.resource, resource.attributes);
}

/**
 * The cells every row under one scope shares: the resource's, then `scope.name`, `scope.version`
 * and `scope.<key>` attributes, in that order (the order decides which type of a repeated column
 * name keeps the plain name). Empty name and version are proto3 defaults and stay null.
 */
export function scopeCells(resource: readonly AttributeCell[], scope: InstrumentationScope | undefined): AttributeCell[] {
  const cells = resource.slice();
  if (scope === undefined) return cells;
  if (scope.name !== '') cells.push({ column: BaseColumn.scopeName, value: { type: 'string', value: scope.name } });
  if (scope.version !== '') cells.push({ column: BaseColumn.scopeVersion, value: { type: 'string', value: scope.version } });
  for (const cell of attributeCells(ColumnPrefix.scope, scope.attributes)) cells.push(cell);
  return cells;
}

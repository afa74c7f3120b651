import { BaseColumn, ColumnPrefix, type EventizeContext } from '@prism/contract';
import type { InstrumentationScope, Resource } from '@prism/otlp';
import { attributeCells, type AttributeCell } from './attribute-cells';

/** The cells of a resource: `resource.<key>` for each attribute. Computed once per resource. */
export function resourceCells(resource: Resource | undefined): AttributeCell[] {
  return resource === undefined ? [] : attributeCells(ColumnPrefix.resource, resource.attributes);
}

/**
 * The cells every row under one scope shares: tenant, dataset and signal type, the resource's cells,
 * then `scope.name`, `scope.version` and `scope.<key>`. Empty name and version are proto3 defaults
 * and stay null.
 */
export function scopeCells(
  context: EventizeContext,
  dataset: string,
  signalType: string,
  resource: readonly AttributeCell[],
  scope: InstrumentationScope | undefined,
): AttributeCell[] {
  const cells: AttributeCell[] = [
    { column: BaseColumn.tenantId, value: { type: 'string', value: context.tenantId } },
    { column: BaseColumn.dataset, value: { type: 'string', value: dataset } },
    { column: BaseColumn.signalType, value: { type: 'string', value: signalType } },
    ...resource,
  ];
  if (scope === undefined) return cells;
  if (scope.name !== '') cells.push({ column: BaseColumn.scopeName, value: { type: 'string', value: scope.name } });
  if (scope.version !== '') cells.push({ column: BaseColumn.scopeVersion, value: { type: 'string', value: scope.version } });
  for (const cell of attributeCells(ColumnPrefix.scope, scope.attributes)) cells.push(cell);
  return cells;
}

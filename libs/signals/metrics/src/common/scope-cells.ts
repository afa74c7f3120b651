import { BaseColumn, type EventizeContext } from '@prism/contract';
import { scopeCells, type AttributeCell, type InstrumentationScope } from '@prism/otlp';

/**
 * The cells every row under one scope shares: tenant, dataset and signal type, then the shared
 * resource and scope cells (`resource.*`, `scope.name`, `scope.version`, `scope.*`).
 */
export function metricScopeCells(
  context: EventizeContext,
  dataset: string,
  signalType: string,
  resource: readonly AttributeCell[],
  scope: InstrumentationScope | undefined,
): AttributeCell[] {
  return [
    { column: BaseColumn.tenantId, value: { type: 'string', value: context.tenantId } },
    { column: BaseColumn.dataset, value: { type: 'string', value: dataset } },
    { column: BaseColumn.signalType, value: { type: 'string', value: signalType } },
    ...scopeCells(resource, scope),
  ];
}

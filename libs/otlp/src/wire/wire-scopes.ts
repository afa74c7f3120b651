import { writeTypedValue, type ColumnWriter, type RowBatchBuilder } from '@prism/contract';
import type { AttributeCell } from '../attribute-cells';
import { resourceCells, scopeCells } from '../scope-cells';
import { readResource, readScope, skipUnknown } from './wire-model';
import { WireType, type WireReader } from './wire-reader';

/**
 * The cells every row under one scope shares (resource, then scope), with their column writers
 * resolved on the scope's first row.
 */
export class SharedCells {
  private writers: ColumnWriter[] | undefined;

  constructor(
    private readonly builder: RowBatchBuilder,
    readonly cells: readonly AttributeCell[],
  ) {}

  /** Writes the shared cells into `row`. */
  write(row: number): void {
    const cells = this.cells;
    const builder = this.builder;
    const writers = (this.writers ??= cells.map((cell) => builder.column(cell.column, cell.value.type)));
    for (let index = 0; index < cells.length; index++) writeTypedValue(writers[index], row, cells[index].value);
  }
}

/**
 * Walks the resource → scope nesting that the three OTLP export requests share on the wire
 * (request field 1: Resource{Spans,Logs,Metrics}; there field 1 the resource and 2 the scopes;
 * in a scope field 1 the scope and 2 the records) and calls `visitRecord` with the end of each
 * record message (span, log record, metric), the reader at its first byte. Resources and scopes
 * are decoded once into the model and become {@link SharedCells}. Anything the model path would
 * read differently throws `DeclineDirect`.
 */
export function walkScopedRecords(wire: WireReader, builder: RowBatchBuilder, visitRecord: (recordEnd: number, shared: SharedCells) => void): void {
  const end = wire.body.length;
  while (wire.pos < end) {
    const tag = wire.tag();
    if (tag !== ((1 << 3) | WireType.lengthDelimited)) {
      skipUnknown(wire, tag, 1);
      continue;
    }
    const groupEnd = wire.nestedEnd(end);
    walkResourceGroup(wire, groupEnd, builder, visitRecord);
    wire.expectEnd(groupEnd);
  }
  wire.expectEnd(end);
}

function walkResourceGroup(wire: WireReader, end: number, builder: RowBatchBuilder, visitRecord: (recordEnd: number, shared: SharedCells) => void): void {
  // The resource may follow its scopes on the wire: find it first.
  const start = wire.pos;
  const resourceAt = wire.findLeadingField(end, 1, 3);
  let resource: AttributeCell[] = [];
  if (resourceAt >= 0) {
    wire.pos = resourceAt;
    const resourceEnd = wire.nestedEnd(end);
    resource = resourceCells(readResource(wire, resourceEnd));
    wire.expectEnd(resourceEnd);
  }
  wire.pos = start;
  wire.forEachField(end, 2, 1, 3, (scopeEnd) => walkScopeGroup(wire, scopeEnd, builder, resource, visitRecord));
}

function walkScopeGroup(
  wire: WireReader,
  end: number,
  builder: RowBatchBuilder,
  resource: readonly AttributeCell[],
  visitRecord: (recordEnd: number, shared: SharedCells) => void,
): void {
  const start = wire.pos;
  const scopeAt = wire.findLeadingField(end, 1, 3);
  let scope;
  if (scopeAt >= 0) {
    wire.pos = scopeAt;
    const scopeEnd = wire.nestedEnd(end);
    scope = readScope(wire, scopeEnd);
    wire.expectEnd(scopeEnd);
  }
  const shared = new SharedCells(builder, scopeCells(resource, scope));
  wire.pos = start;
  wire.forEachField(end, 2, 1, 3, (recordEnd) => visitRecord(recordEnd, shared));
}

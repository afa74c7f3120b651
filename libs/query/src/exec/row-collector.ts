import type { RowValue } from '@prism/contract';
import type { RecordBatch } from 'apache-arrow';
import type { BudgetMeter } from '../budget/query-budget';
import type { ResolvedOrderKey, ResolvedSelect } from '../plan/resolved-plan';
import { cellReader } from './column-cells';
import { rowComparator } from './value-ordering';

const ROW_OVERHEAD_BYTES = 64;
const CELL_BYTES = 32;

/**
 * Collects projected rows for row queries. Without an order it stops at the limit (and says it is
 * full, so the engine reads no more segments); with one it keeps a top-k: the buffer is sorted
 * and cut back to the limit whenever it reaches twice the limit, so memory stays bounded.
 */
export class RowCollector {
  private rows: Array<Record<string, RowValue>> = [];
  private readonly compare;
  private readonly rowBytes: number;

  constructor(
    /** The projection, or `all`: every column of each batch, null cells left out. */
    private readonly columns: readonly ResolvedSelect[] | 'all',
    private readonly orderBy: readonly ResolvedOrderKey[],
    private readonly limit: number,
    private readonly meter: BudgetMeter,
  ) {
    this.compare = rowComparator(orderBy);
    this.rowBytes = ROW_OVERHEAD_BYTES + CELL_BYTES * (columns === 'all' ? 48 : columns.length);
  }

  /** True when more rows cannot change the result. */
  get full(): boolean {
    return this.orderBy.length === 0 && this.rows.length >= this.limit;
  }

  addBatch(batch: RecordBatch, selection: Uint32Array): void {
    const all = this.columns === 'all';
    const columns = all ? batch.schema.fields.map((field) => ({ column: field.name, output: field.name })) : (this.columns as readonly ResolvedSelect[]);
    const readers = columns.map((column) => ({ output: column.output, cells: cellReader(batch, column.column) }));
    for (const index of selection) {
      if (this.full) return;
      const row: Record<string, RowValue> = {};
      for (const { output, cells } of readers) {
        const value = cells.value(index);
        if (!all || value !== null) row[output] = value;
      }
      this.rows.push(row);
      this.meter.charge(this.rowBytes);
      if (this.orderBy.length > 0 && this.rows.length >= 2 * this.limit) this.trim();
    }
  }

  /**
   * With an order and at least `limit` rows: the value of `output` in the last row that would be
   * kept, so a source whose rows all order after it can be skipped. Undefined otherwise.
   */
  boundary(output: string): RowValue | undefined {
    if (this.orderBy.length === 0 || this.rows.length < this.limit) return undefined;
    this.trim();
    return this.rows[this.limit - 1][output];
  }

  /** The rows in order, at most `limit`. */
  results(): Array<Record<string, RowValue>> {
    this.trim();
    return this.rows;
  }

  private trim(): void {
    if (this.orderBy.length > 0) this.rows.sort(this.compare);
    if (this.rows.length > this.limit) {
      this.meter.release((this.rows.length - this.limit) * this.rowBytes);
      this.rows.length = this.limit;
    }
  }
}

import type { RecordBatch } from 'apache-arrow';
import type { BudgetMeter } from '../../budget/query-budget';
import { allRows, filterRows } from '../../exec/row-filter';
import type { ResolvedFilter } from '../../plan/resolved-plan';
import type { ExplainRecorder } from '../explain-recorder';

/**
 * Stage 5, filter: per batch, the rows passing every filter (a selection vector). Timed as
 * execute; the time budget is checked per batch.
 */
export function filterBatches(
  batches: readonly RecordBatch[],
  filters: readonly ResolvedFilter[],
  meter: BudgetMeter,
  recorder: ExplainRecorder,
): Uint32Array[] {
  return recorder.time('execute', () =>
    batches.map((batch) => {
      meter.checkTime();
      const rows = filterRows(batch, filters, allRows(batch.numRows));
      recorder.rowsFiltered(batch.numRows, rows.length);
      return rows;
    }),
  );
}

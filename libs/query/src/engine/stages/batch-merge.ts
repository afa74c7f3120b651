import { RecordBatch, Schema, Struct, makeData, type Data, type Field } from 'apache-arrow';

/**
 * The columns of two batches over the same rows as one batch, in `order` (late materialization
 * reads a commit's filter columns first and its other columns only when some row matched; the
 * merged batch keeps the column order a single read would have given).
 */
export function mergeBatches(first: RecordBatch, second: RecordBatch, order: readonly string[]): RecordBatch {
  const byName = new Map<string, { field: Field; data: Data }>();
  for (const batch of [first, second]) {
    batch.schema.fields.forEach((field, index) => byName.set(field.name, { field, data: batch.data.children[index] }));
  }
  const columns = order.flatMap((name) => byName.get(name) ?? []);
  const fields = columns.map((column) => column.field);
  const data = makeData({ type: new Struct(fields), length: first.numRows, nullCount: 0, children: columns.map((column) => column.data) });
  return new RecordBatch(new Schema(fields), data);
}

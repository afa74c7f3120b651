import { Field, RecordBatch, Schema, Struct, Table, Type, makeData, type Data, type DataType } from 'apache-arrow';
import type { RowBatch } from '@prism/contract';

/**
 * One batch holding the rows of several, in order: the union of their columns (first sight wins the
 * field, with its column-type metadata), a column a batch lacks being all null there. No values are
 * copied: each batch's column data becomes one chunk of the merged column.
 */
export function mergeRowBatches(batches: readonly RowBatch[]): RowBatch {
  if (batches.length === 1) return batches[0];
  const fields = new Map<string, Field>();
  for (const batch of batches) for (const field of batch.schema.fields) if (!fields.has(field.name)) fields.set(field.name, field);
  const schema = new Schema([...fields.values()]);
  const recordBatches: RecordBatch[] = [];
  for (const batch of batches) {
    for (const part of batch.batches) {
      const children = schema.fields.map((field) => part.getChild(field.name)?.data[0] ?? nullData(field.type, part.numRows));
      const struct = makeData({ type: new Struct(schema.fields), length: part.numRows, nullCount: 0, children });
      recordBatches.push(new RecordBatch(schema, struct));
    }
  }
  return new Table(schema, recordBatches);
}

/** `length` nulls of `type`, with every buffer the type's readers index present (zeroed). */
function nullData(type: DataType, length: number): Data {
  const props: Record<string, unknown> = { type, length, nullCount: length, nullBitmap: new Uint8Array(Math.ceil(length / 8)) };
  if (type.typeId === Type.Utf8 || type.typeId === Type.Binary) Object.assign(props, { valueOffsets: new Int32Array(length + 1), data: new Uint8Array(0) });
  else if (type.typeId === Type.Int) props['data'] = new BigInt64Array(length);
  else if (type.typeId === Type.Float) props['data'] = new Float64Array(length);
  else if (type.typeId === Type.Bool) props['data'] = new Uint8Array(Math.ceil(length / 8));
  return makeData(props as unknown as Parameters<typeof makeData>[0]);
}

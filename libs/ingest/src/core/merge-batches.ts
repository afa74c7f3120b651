import { Field, RecordBatch, Schema, Struct, Table, Type, makeData, type Data, type DataType } from 'apache-arrow';
import { COLUMN_TYPE_METADATA_KEY, TYPE_VARIANT_SEPARATOR, type RowBatch } from '@prism/contract';

/**
 * One batch holding the rows of several, in order: the union of their columns (first sight wins the
 * field, with its column-type metadata), a column a batch lacks being all null there. A column that
 * arrives with another type than the one first seen goes to its `name#type` variant, as
 * RowBatchBuilder does within one batch. No values are copied: each batch's column data becomes one
 * chunk of the merged column.
 */
export function mergeRowBatches(batches: readonly RowBatch[]): RowBatch {
  if (batches.length === 1) return batches[0];
  const fields = new Map<string, Field>();
  const targetsPerBatch = batches.map((batch) => {
    const targets = new Map<string, string>();
    for (const field of batch.schema.fields) {
      const target = targetName(fields, field);
      if (!fields.has(target)) fields.set(target, target === field.name ? field : new Field(target, field.type, true, field.metadata));
      targets.set(target, field.name);
    }
    return targets;
  });
  const schema = new Schema([...fields.values()]);
  const recordBatches: RecordBatch[] = [];
  batches.forEach((batch, index) => {
    const targets = targetsPerBatch[index];
    for (const part of batch.batches) {
      const children = schema.fields.map((field) => {
        const source = targets.get(field.name);
        return (source === undefined ? undefined : part.getChild(source)?.data[0]) ?? nullData(field.type, part.numRows);
      });
      const struct = makeData({ type: new Struct(schema.fields), length: part.numRows, nullCount: 0, children });
      recordBatches.push(new RecordBatch(schema, struct));
    }
  });
  return new Table(schema, recordBatches);
}

function prismTypeOf(field: Field): string | undefined {
  return field.metadata.get(COLUMN_TYPE_METADATA_KEY);
}

/**
 * The merged column a batch's field belongs to. A field is first traced to its base name (a
 * `name#type` variant of this batch belongs to `name`), then goes to the base column when the
 * types agree, else to the base's variant for its type.
 */
function targetName(fields: ReadonlyMap<string, Field>, field: Field): string {
  const type = prismTypeOf(field);
  const suffix = TYPE_VARIANT_SEPARATOR + type;
  const base = type !== undefined && field.name.endsWith(suffix) ? field.name.slice(0, -suffix.length) : field.name;
  const existing = fields.get(base);
  if (existing === undefined) return field.name;
  return prismTypeOf(existing) === type ? base : base + suffix;
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

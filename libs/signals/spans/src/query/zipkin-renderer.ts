import { RowBatchBuilder, type RowValue } from '@prism/contract';
import { zipkinOutputFormat } from '../zipkin/zipkin-output-format';
import type { ZipkinSpanJson } from './zipkin-json';

/** Turns engine rows (spans and their event rows) into Zipkin v2 JSON spans. */
export type ZipkinRenderer = (rows: ReadonlyArray<Record<string, RowValue>>) => ZipkinSpanJson[];

/** The renderer of the Zipkin API: this signal's `zipkin-v2` output format over engine rows. */
export const zipkinRenderer: ZipkinRenderer = (rows) => (rows.length === 0 ? [] : (zipkinOutputFormat.render(batchOfRows(rows)) as ZipkinSpanJson[]));

/**
 * A row batch holding engine rows again. Each cell's type follows its JS value; a JSON column
 * comes back as text, which renders the same. A column holding two types in different segments
 * gets its `#type` variant, which the renderer strips.
 */
export function batchOfRows(rows: ReadonlyArray<Record<string, RowValue>>): ReturnType<RowBatchBuilder['build']> {
  const builder = new RowBatchBuilder({ initialCapacity: rows.length });
  for (const row of rows) {
    builder.startRow();
    for (const [name, value] of Object.entries(row)) {
      if (value === null || value === undefined) continue;
      if (typeof value === 'string') builder.setString(name, value);
      else if (typeof value === 'bigint') builder.setInt64(name, value);
      else if (typeof value === 'number') builder.setDouble(name, value);
      else if (typeof value === 'boolean') builder.setBool(name, value);
      else builder.setBytes(name, value);
    }
  }
  return builder.build();
}

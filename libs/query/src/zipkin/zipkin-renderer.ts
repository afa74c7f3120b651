import { RowBatchBuilder, type OutputFormat, type RowValue, type Signal } from '@prism/contract';
import type { ZipkinSpanJson } from './zipkin-json';
import { SPANS_SIGNAL } from './span-rows';

/** The name of the spans signal's Zipkin output format. */
export const ZIPKIN_OUTPUT_FORMAT = 'zipkin-v2';

/** Turns engine rows (spans and their event rows) into Zipkin v2 JSON spans. */
export type ZipkinRenderer = (rows: ReadonlyArray<Record<string, RowValue>>) => ZipkinSpanJson[];

/** Raised when the spans signal or its Zipkin output format is not registered: a wiring bug. */
export class ZipkinFormatMissingError extends Error {
  override readonly name = 'ZipkinFormatMissingError';
}

/**
 * The renderer backed by the spans signal's `zipkin-v2` output format, found through the signal
 * lookup (query never imports a signal library).
 */
export function zipkinRendererOf(findSignal: (name: string) => Signal | undefined): ZipkinRenderer {
  const format: OutputFormat | undefined = findSignal(SPANS_SIGNAL)?.query.outputFormats?.find((candidate) => candidate.name === ZIPKIN_OUTPUT_FORMAT);
  if (format === undefined) throw new ZipkinFormatMissingError(`signal "${SPANS_SIGNAL}" has no "${ZIPKIN_OUTPUT_FORMAT}" output format`);
  return (rows) => (rows.length === 0 ? [] : (format.render(batchOfRows(rows)) as ZipkinSpanJson[]));
}

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

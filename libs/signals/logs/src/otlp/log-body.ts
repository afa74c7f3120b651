import type { RowBatchBuilder } from '@prism/contract';
import { anyValueToTyped, type AnyValue } from '@prism/otlp';
import { LogBodyColumn } from '../common/log-columns';

/**
 * Writes a log body into the column of its type: `body` for strings, `body#int64`, `body#double`,
 * `body#bool`, `body#bytes`, and `body#json` for arrays and key-value lists. An absent or empty
 * body writes nothing.
 */
export function writeLogBody(builder: RowBatchBuilder, body: AnyValue | undefined): void {
  if (body === undefined) return;
  if (body.kind === 'string') return builder.setString(LogBodyColumn.string, body.value);
  const typed = anyValueToTyped(body);
  if (typed !== undefined) builder.setValue(LogBodyColumn[typed.type], typed);
}

import { ContentType, rowsOf, type EventizeResult } from '@prism/contract';
import { decodeTracesRequest } from '@prism/otlp';
import { expect } from 'vitest';
import { eventizeTracesDirect } from '../otlp/eventize-traces-direct';
import { eventizeTraces } from '../otlp/traces-eventizer';

export const context = { tenantId: 'acme', ingestTs: 1_700_000_000_000_000_000n };

/** Columns (name and type, sorted) and rows (keys sorted) of a result, for comparing two paths. */
export function comparable(result: EventizeResult): unknown {
  const columns = result.batch.schema.fields.map((field) => `${field.name}:${field.metadata.get('prism.type')}`).sort();
  const rows = rowsOf(result.batch).map((row) => Object.fromEntries(Object.entries(row).sort(([a], [b]) => (a < b ? -1 : 1))));
  return { columns, rows, acceptedRecords: result.acceptedRecords, rejected: result.rejected };
}

/**
 * The single-pass result for a protobuf body, asserted equal to decode + eventize (columns with
 * their types, rows, counts); undefined when the single-pass path declined the body.
 */
export function directAgainstModel(body: Uint8Array): EventizeResult | undefined {
  const direct = eventizeTracesDirect(body, ContentType.protobuf, context);
  if (direct === undefined) return undefined;
  const decoded = decodeTracesRequest(body, ContentType.protobuf);
  if (!decoded.ok) throw new Error(`direct path accepted a body the model path cannot decode: ${decoded.error.message}`);
  expect(decoded.issues).toEqual([]);
  const model = eventizeTraces(decoded.value, context);
  expect(model.rejected).toEqual([]);
  expect(comparable(direct)).toEqual(comparable(model));
  return direct;
}

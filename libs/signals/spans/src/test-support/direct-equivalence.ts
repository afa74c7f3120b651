import { ContentType, type EventizeResult } from '@prism/contract';
import { decodeTracesRequest } from '@prism/otlp';
import { comparableResult } from '@prism/otlp/testing';
import { expect } from 'vitest';
import { eventizeTracesDirect } from '../otlp/eventize-traces-direct';
import { eventizeTraces } from '../otlp/traces-eventizer';

export const context = { tenantId: 'acme', ingestTs: 1_700_000_000_000_000_000n };

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
  expect(comparableResult(direct)).toEqual(comparableResult(model));
  return direct;
}

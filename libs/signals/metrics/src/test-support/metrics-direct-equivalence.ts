import { ContentType, decodeAndEventize, type EventizeResult } from '@prism/contract';
import { decodeMetricsRequest } from '@prism/otlp';
import { comparableResult } from '@prism/otlp/testing';
import { expect } from 'vitest';
import { metricsIngest } from '../metrics-ingest';
import { eventizeMetricsDirect } from '../otlp/eventize-metrics-direct';
import { eventizeMetrics } from '../otlp/metrics-eventizer';

export const context = { tenantId: 'acme', ingestTs: 1_700_000_000_000_000_000n };

/**
 * The single-pass result for a protobuf body, asserted equal to decode + eventize (columns with
 * their types, rows, counts); undefined when the single-pass path declined the body.
 */
export function directAgainstModel(body: Uint8Array): EventizeResult | undefined {
  const direct = eventizeMetricsDirect(body, ContentType.protobuf, context);
  if (direct === undefined) return undefined;
  const decoded = decodeMetricsRequest(body, ContentType.protobuf);
  if (!decoded.ok) throw new Error(`direct path accepted a body the model path cannot decode: ${decoded.error.message}`);
  expect(decoded.issues).toEqual([]);
  const model = eventizeMetrics(decoded.value, context);
  expect(model.rejected).toEqual([]);
  expect(comparableResult(direct)).toEqual(comparableResult(model));
  return direct;
}

/**
 * What ingest makes of a body (single-pass first, decode + eventize when it declines), asserted
 * equal to decode + eventize alone: the same error, or the same rows, rejections and counts.
 */
export function ingestAgainstModel(body: Uint8Array): void {
  const ingested = decodeAndEventize(metricsIngest, body, ContentType.protobuf, context);
  const decoded = decodeMetricsRequest(body, ContentType.protobuf);
  if (!decoded.ok) {
    expect(ingested.ok).toBe(false);
    if (!ingested.ok) expect(ingested.error.message).toBe(decoded.error.message);
    return;
  }
  if (!ingested.ok) throw ingested.error;
  const model = eventizeMetrics(decoded.value, context);
  expect(comparableResult(ingested.value)).toEqual(comparableResult({ ...model, rejected: [...decoded.issues, ...model.rejected] }));
}

import type { EventizeContext, EventizeResult } from '@prism/contract';
import { eventizeProtobufDirect } from '@prism/otlp';
import { MetricsWireWalker } from './direct/metrics-wire-walker';

/** About this many body bytes per row in SDK payloads (a histogram point is ~20 rows); columns double past it. */
const BODY_BYTES_PER_ROW = 30;

/**
 * The single-pass path for OTLP protobuf metrics: walks the wire format once, reading each data
 * point straight into the model's point shape and writing its rows with eventizeMetrics' own
 * writers, without protobufjs messages. Returns undefined for JSON bodies and for any body that is
 * not plainly valid (an invalid point or metric, an odd encoding), so decode + eventize handles it
 * and reports precise issues; for every body it accepts, the rows equal those of decode + eventize.
 *
 * @example
 * const result = eventizeMetricsDirect(body, 'application/x-protobuf', { tenantId: 't1', ingestTs });
 * if (result === undefined) ... // fall back to decodeMetricsRequest + eventizeMetrics
 */
export function eventizeMetricsDirect(body: Uint8Array, contentType: string, context: EventizeContext): EventizeResult | undefined {
  return eventizeProtobufDirect(body, contentType, BODY_BYTES_PER_ROW, (wire, builder) => {
    const walker = new MetricsWireWalker(wire, builder, context);
    walker.walkRequest();
    return walker.points;
  });
}

import type { EventizeContext, EventizeResult } from '@prism/contract';
import { eventizeProtobufDirect } from '@prism/otlp';
import { LogsWireWalker } from './direct/logs-wire-walker';

/** About this many body bytes per log record in SDK payloads; columns double past it. */
const BODY_BYTES_PER_ROW = 250;

/**
 * The single-pass path for OTLP protobuf logs: walks the wire format straight into column writers
 * without building the decoded model. Returns undefined for JSON bodies and for any body that is
 * not plainly valid (a record with a bad id, an odd encoding), so decode + eventize handles it and
 * reports precise issues; for every body it accepts, the rows equal those of decode + eventize.
 *
 * @example
 * const result = eventizeLogsDirect(body, 'application/x-protobuf', { tenantId: 't1', ingestTs });
 * if (result === undefined) ... // fall back to decodeLogsRequest + eventizeLogs
 */
export function eventizeLogsDirect(body: Uint8Array, contentType: string, context: EventizeContext): EventizeResult | undefined {
  return eventizeProtobufDirect(body, contentType, BODY_BYTES_PER_ROW, (wire, builder) => {
    const walker = new LogsWireWalker(wire, builder, context);
    walker.walkRequest();
    return walker.records;
  });
}

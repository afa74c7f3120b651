import type { EventizeContext, EventizeResult } from '@prism/contract';
import { eventizeProtobufDirect } from '@prism/otlp';
import { TracesWireWalker } from './direct/traces-wire-walker';

/** About this many body bytes per row (span or event) in SDK payloads; columns double past it. */
const BODY_BYTES_PER_ROW = 300;

/**
 * The single-pass path for OTLP protobuf traces: walks the wire format with protobufjs's `Reader`
 * straight into column writers, never building the decoded model of spans. Returns undefined for
 * JSON bodies and for any body that is not plainly valid (an invalid span, an odd encoding), so
 * decode + eventize handles it and reports precise issues; for every body it accepts the rows
 * equal those of decode + eventize.
 *
 * @example
 * const result = eventizeTracesDirect(body, 'application/x-protobuf', { tenantId: 't1', ingestTs });
 * if (result === undefined) ... // fall back to decodeTracesRequest + eventizeTraces
 */
export function eventizeTracesDirect(body: Uint8Array, contentType: string, context: EventizeContext): EventizeResult | undefined {
  return eventizeProtobufDirect(body, contentType, BODY_BYTES_PER_ROW, (wire, builder) => {
    const walker = new TracesWireWalker(wire, builder, context);
    walker.walkRequest();
    return walker.spans;
  });
}

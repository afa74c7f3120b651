import { ContentType, RowBatchBuilder, type EventizeResult } from '@prism/contract';
import { parseContentType } from '../content-type';
import { WireReader } from './wire-reader';

/**
 * Runs a signal's single-pass walker over an OTLP protobuf body: `walk` writes rows into the
 * builder and returns how many records it accepted. JSON bodies, and any body the walker declines
 * (`DeclineDirect`) or protobufjs's reader cannot read (a truncated body), give undefined, so the
 * caller falls back to decode + eventize, which reports the precise issue.
 *
 * @example
 * const result = eventizeProtobufDirect(body, contentType, 300, (wire, builder) => new MyWalker(wire, builder).walk());
 */
export function eventizeProtobufDirect(
  body: Uint8Array,
  contentType: string,
  bodyBytesPerRow: number,
  walk: (wire: WireReader, builder: RowBatchBuilder) => number,
): EventizeResult | undefined {
  if (parseContentType(contentType) !== ContentType.protobuf) return undefined;
  try {
    // Sized from the body so columns rarely grow while rows are written.
    const builder = new RowBatchBuilder({ initialCapacity: Math.max(16, Math.ceil(body.length / bodyBytesPerRow)) });
    const acceptedRecords = walk(new WireReader(body), builder);
    return { batch: builder.build(), acceptedRecords, rejected: [] };
  } catch {
    return undefined;
  }
}

import { WireType, readNestedKeyValue, skipUnknown, type SpanLink, type WireReader } from '@prism/otlp';

/** A Span.Link message ending at `end`. */
export function readLink(wire: WireReader, end: number): SpanLink {
  const link: SpanLink = { traceId: new Uint8Array(0), spanId: new Uint8Array(0), traceState: '', attributes: [], droppedAttributesCount: 0, flags: 0 };
  while (wire.pos < end) {
    const tag = wire.tag();
    if (tag === ((1 << 3) | WireType.lengthDelimited)) link.traceId = wire.bytes(end);
    else if (tag === ((2 << 3) | WireType.lengthDelimited)) link.spanId = wire.bytes(end);
    else if (tag === ((3 << 3) | WireType.lengthDelimited)) link.traceState = wire.string(end);
    else if (tag === ((4 << 3) | WireType.lengthDelimited)) link.attributes.push(readNestedKeyValue(wire, end));
    else if (tag === ((5 << 3) | WireType.varint)) link.droppedAttributesCount = wire.uint32();
    else if (tag === ((6 << 3) | WireType.fixed32)) link.flags = wire.fixed32();
    else skipUnknown(wire, tag, 6);
  }
  return link;
}

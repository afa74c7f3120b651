import type { AnyValue, InstrumentationScope, KeyValue, Resource } from '../model';
import { DeclineDirect, WireType, signedBigInt, type WireReader } from './wire-reader';

/**
 * Deepest AnyValue nesting the single-pass path reads itself (the model path allows 32). Deeper
 * values decline, so protobufjs's own nesting limit can never disagree with what is accepted here.
 */
export const MAX_DIRECT_ANY_VALUE_DEPTH = 8;

const EMPTY_VALUE: AnyValue = { kind: 'empty' };

/**
 * Decodes the small messages of an OTLP request (resources, scopes, array and kvlist values) into the shared OTLP model, so the same model → cells helpers as decode + eventize
 * turn them into column values. Records (spans, log records, data points) never go through here.
 */
export function readKeyValue(wire: WireReader, end: number, depth: number): KeyValue {
  let key = '';
  let value = EMPTY_VALUE;
  while (wire.pos < end) {
    const tag = wire.tag();
    if (tag === ((1 << 3) | WireType.lengthDelimited)) key = wire.string(end);
    else if (tag === ((2 << 3) | WireType.lengthDelimited)) {
      const valueEnd = wire.nestedEnd(end);
      value = readAnyValue(wire, valueEnd, depth);
      wire.expectEnd(valueEnd);
    } else skipUnknown(wire, tag, 2);
  }
  return { key, value };
}

/** An AnyValue message ending at `end`; more than one member set, or nesting past the cap, declines. */
export function readAnyValue(wire: WireReader, end: number, depth: number): AnyValue {
  if (depth > MAX_DIRECT_ANY_VALUE_DEPTH) throw new DeclineDirect('AnyValue nested too deeply');
  let value = EMPTY_VALUE;
  let members = 0;
  while (wire.pos < end) {
    const tag = wire.tag();
    members++;
    switch (tag) {
      case (1 << 3) | WireType.lengthDelimited:
        value = { kind: 'string', value: wire.string(end) };
        break;
      case (2 << 3) | WireType.varint:
        value = { kind: 'bool', value: wire.bool() };
        break;
      case (3 << 3) | WireType.varint:
        value = { kind: 'int', value: signedBigInt(wire.int64()) };
        break;
      case (4 << 3) | WireType.fixed64:
        value = { kind: 'double', value: wire.double() };
        break;
      case (5 << 3) | WireType.lengthDelimited:
        value = { kind: 'array', values: readList(wire, wire.nestedEnd(end), (itemEnd) => readAnyValue(wire, itemEnd, depth + 1)) };
        break;
      case (6 << 3) | WireType.lengthDelimited:
        value = { kind: 'kvlist', values: readList(wire, wire.nestedEnd(end), (itemEnd) => readKeyValue(wire, itemEnd, depth + 1)) };
        break;
      case (7 << 3) | WireType.lengthDelimited:
        value = { kind: 'bytes', value: wire.bytes(end) };
        break;
      default:
        throw new DeclineDirect('unexpected AnyValue field');
    }
  }
  // protobufjs keeps every oneof member it reads and the model picks one by a fixed priority.
  if (members > 1) throw new DeclineDirect('AnyValue with several members');
  return value;
}

/** The `repeated` messages of field 1 of an ArrayValue or KeyValueList ending at `end`. */
function readList<T>(wire: WireReader, end: number, readItem: (itemEnd: number) => T): T[] {
  const items: T[] = [];
  while (wire.pos < end) {
    const tag = wire.tag();
    if (tag !== ((1 << 3) | WireType.lengthDelimited)) {
      skipUnknown(wire, tag, 1);
      continue;
    }
    const itemEnd = wire.nestedEnd(end);
    items.push(readItem(itemEnd));
    wire.expectEnd(itemEnd);
  }
  wire.expectEnd(end);
  return items;
}

/** A Resource message ending at `end`. */
export function readResource(wire: WireReader, end: number): Resource {
  const resource: Resource = { attributes: [], droppedAttributesCount: 0 };
  while (wire.pos < end) {
    const tag = wire.tag();
    if (tag === ((1 << 3) | WireType.lengthDelimited)) resource.attributes.push(readNestedKeyValue(wire, end));
    else if (tag === ((2 << 3) | WireType.varint)) resource.droppedAttributesCount = wire.uint32();
    else skipUnknown(wire, tag, 2);
  }
  return resource;
}

/** An InstrumentationScope message ending at `end`. */
export function readScope(wire: WireReader, end: number): InstrumentationScope {
  const scope: InstrumentationScope = { name: '', version: '', attributes: [], droppedAttributesCount: 0 };
  while (wire.pos < end) {
    const tag = wire.tag();
    if (tag === ((1 << 3) | WireType.lengthDelimited)) scope.name = wire.string(end);
    else if (tag === ((2 << 3) | WireType.lengthDelimited)) scope.version = wire.string(end);
    else if (tag === ((3 << 3) | WireType.lengthDelimited)) scope.attributes.push(readNestedKeyValue(wire, end));
    else if (tag === ((4 << 3) | WireType.varint)) scope.droppedAttributesCount = wire.uint32();
    else skipUnknown(wire, tag, 4);
  }
  return scope;
}

/** A KeyValue message nested in a message ending at `parentEnd`: its length prefix comes next. */
export function readNestedKeyValue(wire: WireReader, parentEnd: number): KeyValue {
  const end = wire.nestedEnd(parentEnd);
  const keyValue = readKeyValue(wire, end, 1);
  wire.expectEnd(end);
  return keyValue;
}

/**
 * Skips a field numbered above the message's last known field, as protobufjs does; a known field
 * number with an unexpected wire type declines (protobufjs would misread it), as does a bad tag.
 */
export function skipUnknown(wire: WireReader, tag: number, lastKnownField: number): void {
  wire.checkTag(tag);
  if (tag >>> 3 <= lastKnownField) throw new DeclineDirect('known field with an unexpected wire type');
  wire.skip(tag);
}

/**
 * Skips a field whose number the message does not define (`defined`: a bit per field number
 * below 31), as protobufjs does, wherever it comes; a defined field with an unexpected wire type
 * declines (protobufjs would misread it), as does a bad tag. For messages with gaps in their
 * field numbers (reserved fields), where {@link skipUnknown}'s "above the last one" is too strict.
 */
export function skipUndefinedField(wire: WireReader, tag: number, defined: number): void {
  wire.checkTag(tag);
  const field = tag >>> 3;
  if (field < 31 && ((defined >>> field) & 1) === 1) throw new DeclineDirect('known field with an unexpected wire type');
  wire.skip(tag);
}

/** The {@link skipUndefinedField} mask of field numbers. */
export function fieldMask(...fields: number[]): number {
  let mask = 0;
  for (const field of fields) mask |= 1 << field;
  return mask;
}

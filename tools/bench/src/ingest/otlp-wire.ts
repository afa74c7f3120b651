// Just enough of the protobuf wire format to make every benchmark request distinct and to read the
// server's answer, without decoding (the clients share the 2 cores with the server).

/** Where a field's value lies in a buffer. */
interface FieldSpan {
  field: number;
  wireType: number;
  start: number;
  end: number;
}

function readVarint(bytes: Uint8Array, position: number): { value: number; next: number } {
  let value = 0;
  let scale = 1;
  for (let index = position; index < bytes.length && index < position + 10; index++) {
    const byte = bytes[index];
    value += (byte & 0x7f) * scale;
    scale *= 128;
    if ((byte & 0x80) === 0) return { value, next: index + 1 };
  }
  throw new RangeError(`truncated varint at byte ${position}`);
}

/** The top-level fields of the message in bytes[start, end). */
function* fieldsOf(bytes: Uint8Array, start: number, end: number): Generator<FieldSpan> {
  let position = start;
  while (position < end) {
    const tag = readVarint(bytes, position);
    const field = Math.floor(tag.value / 8);
    const wireType = tag.value & 7;
    position = tag.next;
    let valueEnd: number;
    if (wireType === 0) valueEnd = readVarint(bytes, position).next;
    else if (wireType === 1) valueEnd = position + 8;
    else if (wireType === 5) valueEnd = position + 4;
    else if (wireType === 2) {
      const length = readVarint(bytes, position);
      position = length.next;
      valueEnd = position + length.value;
    } else throw new RangeError(`unsupported wire type ${wireType} at byte ${position}`);
    if (valueEnd > end) throw new RangeError(`field ${field} runs past its message at byte ${position}`);
    yield { field, wireType, start: position, end: valueEnd };
    position = valueEnd;
  }
}

function* lengthDelimited(bytes: Uint8Array, start: number, end: number, field: number): Generator<FieldSpan> {
  for (const span of fieldsOf(bytes, start, end)) if (span.field === field && span.wireType === 2) yield span;
}

// ExportTraceServiceRequest.resource_spans = 1, ResourceSpans.scope_spans = 2, ScopeSpans.spans = 2;
// Span.trace_id = 1, span_id = 2, parent_span_id = 4.
const ID_FIELDS = new Set([1, 2, 4]);

/** Byte offsets of every non-empty trace, span and parent span id in an OTLP traces request. */
export function spanIdOffsets(body: Uint8Array): Uint32Array {
  const offsets: number[] = [];
  for (const resourceSpans of lengthDelimited(body, 0, body.length, 1)) {
    for (const scopeSpans of lengthDelimited(body, resourceSpans.start, resourceSpans.end, 2)) {
      for (const span of lengthDelimited(body, scopeSpans.start, scopeSpans.end, 2)) {
        for (const field of fieldsOf(body, span.start, span.end)) {
          if (ID_FIELDS.has(field.field) && field.wireType === 2 && field.end - field.start >= 4) offsets.push(field.start);
        }
      }
    }
  }
  return Uint32Array.from(offsets);
}

/**
 * A copy of `body` whose ids have their first 4 bytes XOR-ed with `variant`: the same spans, in new
 * traces, so the server stores every copy instead of taking it for a retry. Parent links survive
 * because parent and child ids change alike.
 */
export function withIdVariant(body: Uint8Array, offsets: Uint32Array, variant: number): Buffer {
  const copy = Buffer.from(body);
  xorIds(copy, offsets, variant);
  return copy;
}

/** XORs the first 4 bytes at each offset with `variant` (big-endian), in place. */
export function xorIds(bytes: Uint8Array, offsets: ArrayLike<number>, variant: number): void {
  const b0 = (variant >>> 24) & 0xff;
  const b1 = (variant >>> 16) & 0xff;
  const b2 = (variant >>> 8) & 0xff;
  const b3 = variant & 0xff;
  for (let index = 0; index < offsets.length; index++) {
    const at = offsets[index];
    bytes[at] ^= b0;
    bytes[at + 1] ^= b1;
    bytes[at + 2] ^= b2;
    bytes[at + 3] ^= b3;
  }
}

/**
 * `partial_success.rejected_spans` of an ExportTraceServiceResponse (0 when absent). Both fields
 * are number 1 (partial_success a message, rejected_spans an int64).
 */
export function rejectedSpans(response: Uint8Array): number {
  for (const partial of lengthDelimited(response, 0, response.length, 1)) {
    for (const field of fieldsOf(response, partial.start, partial.end)) {
      if (field.field === 1 && field.wireType === 0) return readVarint(response, field.start).value;
    }
  }
  return 0;
}

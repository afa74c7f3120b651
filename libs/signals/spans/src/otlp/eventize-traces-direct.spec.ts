import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ContentType, rowsOf } from '@prism/contract';
import { decodeTracesRequest } from '@prism/otlp';
import { Reader, Writer } from 'protobufjs/minimal';
import { describe, expect, it } from 'vitest';
import { makeSpan, requestOf } from '../test-support/otlp-fixtures';
import { sdkBody } from '../test-support/sdk-traces-body';
import { encodeTracesProtobuf } from '../test-support/traces-protobuf-encoder';
import { context, directAgainstModel } from '../test-support/direct-equivalence';
import { spansSignal } from '../spans-signal';
import { eventizeTracesDirect } from './eventize-traces-direct';

const testData = join(import.meta.dirname, '..', '..', 'test-data');

describe('eventizeTracesDirect', () => {
  it.each(['otlp-trace', 'otlp-trace-rich'])('matches decode + eventize on the %s vector, or declines it', (name) => {
    const decoded = decodeTracesRequest(readFileSync(join(testData, `${name}.json`)), ContentType.json);
    if (!decoded.ok) throw decoded.error;
    const body = encodeTracesProtobuf(decoded.value);
    const direct = directAgainstModel(body);
    // The rich vector holds a span that ends before it starts: the single-pass path leaves it to the model path.
    expect(direct === undefined).toBe(name === 'otlp-trace-rich');
  });

  it('accepts the valid spans of the rich vector and writes their rows', () => {
    const decoded = decodeTracesRequest(readFileSync(join(testData, 'otlp-trace-rich.json')), ContentType.json);
    if (!decoded.ok) throw decoded.error;
    const request = decoded.value;
    for (const resourceSpans of request.resourceSpans) {
      for (const scopeSpans of resourceSpans.scopeSpans) scopeSpans.spans = scopeSpans.spans.filter((span) => span.endTimeUnixNano >= span.startTimeUnixNano);
    }
    const direct = directAgainstModel(encodeTracesProtobuf(request));
    expect(direct?.acceptedRecords).toBe(2);
  });

  it('matches decode + eventize on SDK-produced protobuf', () => {
    const direct = directAgainstModel(sdkBody());
    if (direct === undefined) throw new Error('declined an SDK body');
    expect(direct.acceptedRecords).toBe(21);
    expect(rowsOf(direct.batch).filter((row) => row['signal_type'] === 'span_event')).toHaveLength(5);
  });

  it('is spansSignal.ingest.eventizeDirect', () => {
    expect(spansSignal.ingest.eventizeDirect).toBe(eventizeTracesDirect);
  });

  it('decodes invalid UTF-8 exactly as the model path does, for Uint8Array and Buffer bodies', () => {
    const body = encodeTracesProtobuf(requestOf(makeSpan({ name: 'GET /users' }), makeSpan({ name: 'héllo' })));
    const at = Buffer.from(body).indexOf('GET /users');
    body[at] = 0xff; // a lone continuation-range byte
    body[at + 4] = 0xe2; // a truncated three-byte sequence
    for (const variant of [body, Buffer.from(body)]) {
      const direct = directAgainstModel(variant);
      if (direct === undefined) throw new Error('declined a valid body');
      const names = rowsOf(direct.batch).map((row) => row['name']);
      expect(names[1]).toBe('héllo');
      expect(names[0]).toContain('\uFFFD');
    }
  });

  it('matches decode + eventize when resources and scopes follow the lists they head', () => {
    const body = withResourcesAndScopesLast(sdkBody());
    const direct = directAgainstModel(body);
    expect(direct?.acceptedRecords).toBe(21);
  });

  it('declines JSON bodies and other media types', () => {
    const body = new TextEncoder().encode('{"resourceSpans":[]}');
    expect(eventizeTracesDirect(body, ContentType.json, context)).toBeUndefined();
    expect(eventizeTracesDirect(sdkBody(), 'text/plain', context)).toBeUndefined();
  });

  it.each([
    ['a short trace id', { traceId: new Uint8Array(5) }],
    ['an all-zero span id', { spanId: new Uint8Array(8) }],
    ['an all-zero parent id', { parentSpanId: new Uint8Array(8) }],
    ['an unknown kind', { kind: 9 }],
    ['an unknown status code', { status: { code: 5, message: '' } }],
    ['no start time', { startTimeUnixNano: 0n, endTimeUnixNano: 0n }],
  ])('declines a span with %s', (_, overrides) => {
    const body = encodeTracesProtobuf(requestOf(makeSpan(), makeSpan(overrides)));
    expect(eventizeTracesDirect(body, ContentType.protobuf, context)).toBeUndefined();
  });
});

/** The fields of a message as (tag, bytes) pairs; every field is length-delimited here. */
function fieldsOf(message: Uint8Array): Array<[number, Uint8Array]> {
  const reader = Reader.create(message);
  const fields: Array<[number, Uint8Array]> = [];
  while (reader.pos < message.length) fields.push([reader.uint32(), reader.bytes()]);
  return fields;
}

/** A message of these fields, field 1 (the resource or scope) moved after the others. */
function encodeFirstFieldLast(fields: Array<[number, Uint8Array]>): Uint8Array {
  const writer = Writer.create();
  for (const [tag, bytes] of [...fields.filter(([tag]) => tag >>> 3 !== 1), ...fields.filter(([tag]) => tag >>> 3 === 1)]) writer.uint32(tag).bytes(bytes);
  return writer.finish();
}

/** A traces request re-encoded with each resource after its scope spans and each scope after its spans, as an encoder may. */
function withResourcesAndScopesLast(request: Uint8Array): Uint8Array {
  const writer = Writer.create();
  for (const [tag, resourceSpans] of fieldsOf(request)) {
    const fields = fieldsOf(resourceSpans).map(([field, bytes]): [number, Uint8Array] => [
      field,
      field >>> 3 === 2 ? encodeFirstFieldLast(fieldsOf(bytes)) : bytes,
    ]);
    writer.uint32(tag).bytes(encodeFirstFieldLast(fields));
  }
  return writer.finish();
}

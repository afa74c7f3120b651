import { ContentType } from '@prism/contract';
import type { ExportLogsServiceRequest, LogRecord } from '@prism/otlp';
import {
  anyValueArbitrary,
  attributesArbitrary,
  countArbitrary,
  encodeLogsRequestProtobuf,
  idArbitrary,
  noFields,
  protobufTag,
  resourceArbitrary,
  scopeArbitrary,
  textArbitrary,
  unknownFields,
} from '@prism/otlp/testing';
import fc from 'fast-check';
import { Writer } from 'protobufjs/minimal';
import { describe, expect, it, vi } from 'vitest';
import { context, directAgainstModel, ingestAgainstModel } from '../test-support/logs-direct-equivalence';
import { eventizeLogsDirect } from './eventize-logs-direct';

// Hundreds of generated requests per property: a busy CI machine can take longer than the 5 s default.
vi.setConfig({ testTimeout: 60_000 });

const runs = (fallback: number) => ({
  numRuns: Number(process.env['PRISM_FUZZ_RUNS'] ?? fallback),
  seed: Number(process.env['PRISM_FUZZ_SEED'] ?? 20261208),
});

const time = fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 2n ** 64n - 1n }));
const optionalId = (length: number) => fc.oneof(fc.constant(new Uint8Array(0)), fc.constant(new Uint8Array(length)), idArbitrary(length));

const record = (traceId: fc.Arbitrary<Uint8Array>, spanId: fc.Arbitrary<Uint8Array>): fc.Arbitrary<LogRecord> =>
  fc.record({
    timeUnixNano: time,
    observedTimeUnixNano: time,
    // Unknown severity numbers (negative, past 24) are kept as they are by both paths.
    severityNumber: fc.oneof(fc.integer({ min: 0, max: 24 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })),
    severityText: fc.oneof(fc.constant(''), textArbitrary),
    body: fc.option(anyValueArbitrary, { nil: undefined }),
    attributes: attributesArbitrary,
    droppedAttributesCount: countArbitrary,
    flags: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2 ** 32 - 1 })),
    traceId,
    spanId,
    eventName: fc.oneof(fc.constant(''), textArbitrary),
  });

const request = (records: fc.Arbitrary<LogRecord>): fc.Arbitrary<ExportLogsServiceRequest> =>
  fc.record({
    resourceLogs: fc.array(
      fc.record({
        resource: resourceArbitrary,
        scopeLogs: fc.array(fc.record({ scope: scopeArbitrary, logRecords: fc.array(records, { maxLength: 4 }), schemaUrl: textArbitrary }), {
          maxLength: 3,
        }),
        schemaUrl: textArbitrary,
      }),
      { maxLength: 3 },
    ),
  });

const validRequest = request(record(optionalId(16), optionalId(8)));

describe('eventizeLogsDirect on generated requests', () => {
  it('writes exactly the rows of decode + eventize, and accepts every valid request', () => {
    fc.assert(
      fc.property(validRequest, (generated) => {
        expect(directAgainstModel(encodeLogsRequestProtobuf(generated))).toBeDefined();
      }),
      runs(300),
    );
  });

  it('rejects records with ids of the wrong length exactly as decode + eventize does, keeping the others', () => {
    const badId = (length: number) => fc.oneof(optionalId(length), fc.uint8Array({ minLength: 1, maxLength: 20 }));
    fc.assert(
      fc.property(request(record(badId(16), badId(8))), (generated) => {
        ingestAgainstModel(encodeLogsRequestProtobuf(generated));
      }),
      runs(200),
    );
  });
});

/** A log record with every field set, then the given extra fields. */
function recordBytes(extra: (writer: Writer) => void): Uint8Array {
  const writer = Writer.create();
  writer.uint32(protobufTag(1, 1)).fixed64('1700000000000000001');
  writer.uint32(protobufTag(2, 0)).int32(9);
  writer.uint32(protobufTag(3, 2)).string('INFO');
  writer.uint32(protobufTag(5, 2)).fork().uint32(protobufTag(1, 2)).string('hello').ldelim();
  writer
    .uint32(protobufTag(6, 2))
    .fork()
    .uint32(protobufTag(1, 2))
    .string('k')
    .uint32(protobufTag(2, 2))
    .fork()
    .uint32(protobufTag(3, 0))
    .int64(7)
    .ldelim()
    .ldelim();
  writer.uint32(protobufTag(8, 5)).fixed32(1);
  writer.uint32(protobufTag(9, 2)).bytes(new Uint8Array(16).fill(3));
  writer.uint32(protobufTag(10, 2)).bytes(new Uint8Array(8).fill(4));
  writer.uint32(protobufTag(11, 1)).fixed64('1700000000000000002');
  writer.uint32(protobufTag(12, 2)).string('event');
  extra(writer);
  return writer.finish();
}

/** A request of one resource (with an attribute), one scope and the given record bytes; `extra` adds fields at each level. */
function requestBytes(records: Uint8Array[], extra: (writer: Writer) => void = noFields): Uint8Array {
  const writer = Writer.create();
  writer.uint32(protobufTag(1, 2)).fork();
  writer.uint32(protobufTag(1, 2)).fork();
  writer
    .uint32(protobufTag(1, 2))
    .fork()
    .uint32(protobufTag(1, 2))
    .string('service.name')
    .uint32(protobufTag(2, 2))
    .fork()
    .uint32(protobufTag(1, 2))
    .string('api')
    .ldelim()
    .ldelim();
  extra(writer);
  writer.ldelim();
  writer.uint32(protobufTag(2, 2)).fork();
  writer.uint32(protobufTag(1, 2)).fork().uint32(protobufTag(1, 2)).string('scope').uint32(protobufTag(2, 2)).string('1.0');
  extra(writer);
  writer.ldelim();
  for (const bytes of records) writer.uint32(protobufTag(2, 2)).bytes(bytes);
  extra(writer);
  writer.ldelim();
  extra(writer);
  writer.ldelim();
  extra(writer);
  return writer.finish();
}

describe('eventizeLogsDirect on hand-written encodings', () => {
  it('skips unknown fields of every wire type at every level, and the reserved field 4 of a record', () => {
    const reserved = (writer: Writer) => {
      unknownFields(writer);
      writer.uint32(protobufTag(4, 2)).string('short name');
    };
    const direct = directAgainstModel(requestBytes([recordBytes(reserved)], unknownFields));
    expect(direct?.acceptedRecords).toBe(1);
  });

  it('keeps the last value of a repeated scalar field, as protobufjs does', () => {
    const repeated = (writer: Writer) => {
      writer.uint32(protobufTag(3, 2)).string('WARN');
      writer.uint32(protobufTag(3, 2)).string('');
      writer.uint32(protobufTag(2, 0)).int32(-3);
      writer.uint32(protobufTag(12, 2)).string('second');
    };
    expect(directAgainstModel(requestBytes([recordBytes(repeated)]))?.acceptedRecords).toBe(1);
  });

  it('declines bodies it cannot read like the model path, which then reports them', () => {
    const wrongWireType = recordBytes((writer) => writer.uint32(protobufTag(7, 2)).string('not a varint'));
    const secondBody = recordBytes((writer) => writer.uint32(protobufTag(5, 2)).fork().uint32(protobufTag(3, 0)).int64(1).ldelim());
    const badId = recordBytes((writer) => writer.uint32(protobufTag(9, 2)).bytes(new Uint8Array(15).fill(1)));
    for (const body of [requestBytes([wrongWireType]), requestBytes([secondBody]), requestBytes([recordBytes(noFields), badId])]) {
      expect(eventizeLogsDirect(body, ContentType.protobuf, context)).toBeUndefined();
      ingestAgainstModel(body);
    }
  });

  it('leaves JSON bodies to decode + eventize', () => {
    expect(eventizeLogsDirect(new TextEncoder().encode('{"resourceLogs":[]}'), ContentType.json, context)).toBeUndefined();
  });
});

describe('eventizeLogsDirect on damaged bodies', () => {
  const valid = requestBytes([recordBytes(noFields), recordBytes(unknownFields)]);

  it('declines or agrees with decode + eventize for every truncation, never throwing', () => {
    for (let length = 0; length < valid.length; length++) {
      directAgainstModel(valid.subarray(0, length));
      ingestAgainstModel(valid.subarray(0, length));
    }
  });

  it('declines or agrees with decode + eventize when bytes are changed', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ at: fc.nat({ max: valid.length - 1 }), byte: fc.nat({ max: 255 }) }), { minLength: 1, maxLength: 3 }), (edits) => {
        const body = valid.slice();
        for (const { at, byte } of edits) body[at] = byte;
        directAgainstModel(body);
        ingestAgainstModel(body);
      }),
      runs(500),
    );
  });
});

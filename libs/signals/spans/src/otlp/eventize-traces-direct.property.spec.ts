import { ContentType } from '@prism/contract';
import type { AnyValue, ExportTraceServiceRequest, Span } from '@prism/otlp';
import { attributesArbitrary, countArbitrary, idArbitrary, resourceArbitrary, scopeArbitrary, textArbitrary } from '@prism/otlp/testing';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { context, directAgainstModel } from '../test-support/direct-equivalence';
import { sdkBody } from '../test-support/sdk-traces-body';
import { encodeTracesProtobuf } from '../test-support/traces-protobuf-encoder';
import { eventizeTracesDirect } from './eventize-traces-direct';

// Hundreds of generated requests per property: a busy CI machine can take longer than the 5 s default.
vi.setConfig({ testTimeout: 60_000 });

const id = idArbitrary;
const text = textArbitrary;
const attributes = attributesArbitrary;
const count = countArbitrary;
const flags = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2 ** 32 - 1 }));
const time = fc.bigInt({ min: 1n, max: 2n ** 62n });

const span: fc.Arbitrary<Span> = fc
  .record({
    traceId: id(16),
    spanId: id(8),
    traceState: fc.oneof(fc.constant(''), text),
    parentSpanId: fc.oneof(fc.constant(new Uint8Array(0)), id(8)),
    flags,
    name: text,
    kind: fc.integer({ min: 0, max: 5 }),
    startTimeUnixNano: time,
    duration: fc.bigInt({ min: 0n, max: 2n ** 40n }),
    attributes,
    droppedAttributesCount: count,
    events: fc.array(fc.record({ timeUnixNano: fc.bigInt({ min: 0n, max: 2n ** 62n }), name: text, attributes, droppedAttributesCount: count }), {
      maxLength: 3,
    }),
    droppedEventsCount: count,
    links: fc.array(fc.record({ traceId: id(16), spanId: id(8), traceState: text, attributes, droppedAttributesCount: count, flags }), { maxLength: 2 }),
    droppedLinksCount: count,
    status: fc.option(fc.record({ code: fc.integer({ min: 0, max: 2 }), message: text }), { nil: undefined }),
  })
  .map(({ duration, ...rest }) => ({ ...rest, endTimeUnixNano: rest.startTimeUnixNano + duration }));

const request: fc.Arbitrary<ExportTraceServiceRequest> = fc.record({
  resourceSpans: fc.array(
    fc.record({
      resource: resourceArbitrary,
      scopeSpans: fc.array(
        fc.record({
          scope: scopeArbitrary,
          spans: fc.array(span, { maxLength: 4 }),
          schemaUrl: text,
        }),
        { maxLength: 3 },
      ),
      schemaUrl: text,
    }),
    { maxLength: 3 },
  ),
});

describe('eventizeTracesDirect on generated requests', () => {
  it('writes exactly the rows of decode + eventize, and accepts every valid request', () => {
    fc.assert(
      fc.property(request, (generated) => {
        const direct = directAgainstModel(encodeTracesProtobuf(generated));
        // Every generated request is valid and nests shallowly: declining one would only cost speed, but say so.
        expect(direct).toBeDefined();
      }),
      { numRuns: Number(process.env['PRISM_FUZZ_RUNS'] ?? 300), seed: Number(process.env['PRISM_FUZZ_SEED'] ?? 20261123) },
    );
  });

  it('declines AnyValues nested deeper than it reads itself, which the model path still accepts', () => {
    let value: AnyValue = { kind: 'int', value: 1n };
    for (let depth = 0; depth < 12; depth++) value = { kind: 'array', values: [value] };
    const body = encodeTracesProtobuf({
      resourceSpans: [{ resource: undefined, schemaUrl: '', scopeSpans: [{ scope: undefined, schemaUrl: '', spans: [] }] }],
    });
    expect(directAgainstModel(body)?.acceptedRecords).toBe(0);
    const deep = encodeTracesProtobuf({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'deep', value }], droppedAttributesCount: 0 },
          schemaUrl: '',
          scopeSpans: [],
        },
      ],
    });
    expect(eventizeTracesDirect(deep, ContentType.protobuf, context)).toBeUndefined();
  });
});

describe('eventizeTracesDirect on damaged bodies', () => {
  const valid = sdkBody();

  it('declines or agrees with decode + eventize for every truncation, never throwing', () => {
    for (let length = 0; length < valid.length; length += 7) directAgainstModel(valid.subarray(0, length));
  });

  it('declines or agrees with decode + eventize when bytes are changed', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ at: fc.nat({ max: valid.length - 1 }), byte: fc.nat({ max: 255 }) }), { minLength: 1, maxLength: 3 }), (edits) => {
        const body = valid.slice();
        for (const { at, byte } of edits) body[at] = byte;
        directAgainstModel(body);
      }),
      { numRuns: Number(process.env['PRISM_FUZZ_RUNS'] ?? 500), seed: Number(process.env['PRISM_FUZZ_SEED'] ?? 7) },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeZipkinProto } from '../test-support/zipkin-proto-encoder';
import { zipkinFormat } from './zipkin-format';
import type { ZipkinEndpoint, ZipkinSpan } from './zipkin-model';
import { batchToZipkinSpans } from './zipkin-span-writer';

const context = { tenantId: 'acme', ingestTs: 1_700_000_000_000_000_000n };

const hexId = (length: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length }).filter((id) => !/^0+$/.test(id));
const micros = fc.integer({ min: 1, max: 4_000_000_000_000_000 });
const text = fc.string({ minLength: 1, maxLength: 12 });

const endpoint: fc.Arbitrary<ZipkinEndpoint> = fc.record(
  { serviceName: text, ipv4: fc.ipV4(), ipv6: fc.constantFrom('2001:db8::c001', '::1', 'fe80::1:2'), port: fc.integer({ min: 1, max: 65535 }) },
  { requiredKeys: [] },
);

const zipkinSpan: fc.Arbitrary<ZipkinSpan> = fc.record(
  {
    traceId: fc.oneof(hexId(16), hexId(32)),
    id: hexId(16),
    parentId: hexId(16),
    name: text,
    kind: fc.constantFrom('CLIENT' as const, 'SERVER' as const, 'PRODUCER' as const, 'CONSUMER' as const),
    timestamp: micros,
    duration: fc.integer({ min: 1, max: 100_000_000 }),
    debug: fc.boolean(),
    shared: fc.constant(true),
    localEndpoint: endpoint.filter((value) => Object.keys(value).length > 0),
    remoteEndpoint: endpoint.filter((value) => Object.keys(value).length > 0),
    annotations: fc.array(fc.record({ timestamp: micros, value: text }), { minLength: 1, maxLength: 3 }),
    tags: fc.dictionary(fc.constantFrom('http.method', 'http.path', 'error', 'peer', 'a#b'), fc.string({ maxLength: 8 }), { minKeys: 1 }),
  },
  { requiredKeys: ['traceId', 'id'] },
);

function roundTrip(body: Uint8Array, contentType: string): ZipkinSpan[] {
  const result = zipkinFormat.eventize(body, contentType, context);
  if (!result.ok) throw result.error;
  expect(result.value.rejected).toEqual([]);
  return batchToZipkinSpans(result.value.batch);
}

// A fixed seed keeps the run deterministic; change it locally to explore more inputs.
describe('Zipkin round trip (generated spans)', () => {
  it('JSON in → rows → JSON out is the identity', () => {
    fc.assert(
      fc.property(fc.array(zipkinSpan, { maxLength: 5 }), (spans) => {
        expect(roundTrip(new TextEncoder().encode(JSON.stringify(spans)), 'application/json')).toEqual(spans);
      }),
      { numRuns: 60, seed: 20_240_601 },
    );
  });

  it('protobuf in → rows → JSON out equals the JSON form', () => {
    fc.assert(
      fc.property(fc.array(zipkinSpan, { maxLength: 5 }), (spans) => {
        // Protobuf has no "false" for bools: a false debug flag is absent there.
        const expected = spans.map(({ debug, ...rest }) => (debug === true ? { ...rest, debug } : rest));
        expect(roundTrip(encodeZipkinProto(expected), 'application/x-protobuf')).toEqual(expected);
      }),
      { numRuns: 60, seed: 20_240_601 },
    );
  });
});

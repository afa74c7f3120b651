import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ContentType, decodeAndEventize, type EventizeContext, type IngestFormat, type Signal } from '@prism/contract';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { registeredSignals } from './registered-signal-lookups';

// Every registered signal, fed hostile bodies through the same calls ingest makes: each call must
// return a DecodeResult (ok, or a DecodeError) and never throw. Seeds are fixed so runs repeat.
const context: EventizeContext = { tenantId: 'fuzz', ingestTs: 1_700_000_000_000_000_000n };
// The OTLP examples of ../shared/vectors, as copied into @prism/otlp's test data.
const vectors = join(import.meta.dirname, '../../../otlp/test-data');
const sampleBodies: Record<string, string> = {
  '/v1/traces': 'trace.json',
  '/v1/logs': 'logs.json',
  '/v1/metrics': 'metrics.json',
};

function sampleJson(signal: Signal): unknown {
  const file = sampleBodies[signal.ingest.otlpPath];
  if (file === undefined) return { records: [{ timeUnixNano: '1', attributes: { k: 'v' } }] };
  return JSON.parse(readFileSync(join(vectors, file), 'utf8'));
}

/** Replaces the value at a random path of a JSON document with a random JSON value. */
function mutate(document: unknown, choices: number[], replacement: unknown): unknown {
  if (choices.length === 0 || document === null || typeof document !== 'object') return replacement;
  const [choice, ...rest] = choices;
  if (Array.isArray(document)) {
    if (document.length === 0) return [replacement];
    const copy = [...document];
    copy[choice % copy.length] = mutate(copy[choice % copy.length], rest, replacement);
    return copy;
  }
  const keys = Object.keys(document);
  if (keys.length === 0) return replacement;
  const key = keys[choice % keys.length];
  return { ...document, [key]: mutate((document as Record<string, unknown>)[key], rest, replacement) };
}

function expectNoThrow(run: () => { ok: boolean }): void {
  let outcome: { ok: boolean } | undefined;
  expect(() => {
    outcome = run();
  }).not.toThrow();
  expect(typeof outcome?.ok).toBe('boolean');
}

const bodyCalls = (signal: Signal): Array<{ label: string; call: (body: Uint8Array, type: string) => { ok: boolean } }> => [
  { label: `${signal.name} OTLP`, call: (body, type) => decodeAndEventize(signal.ingest, body, type, context) },
  ...signal.ingest.extraFormats.map((format: IngestFormat) => ({
    label: `${signal.name} ${format.path}`,
    call: (body: Uint8Array, type: string) => format.eventize(body, type, context),
  })),
];

describe.each(registeredSignals().map((signal) => [signal.name, signal] as const))('%s never throws on hostile input', (_name, signal) => {
  const calls = bodyCalls(signal);
  const contentTypes = [ContentType.protobuf, ContentType.json];

  it('random bytes in every accepted content type', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), fc.constantFrom(...contentTypes), (body, type) => {
        for (const { call } of calls) expectNoThrow(() => call(body, type));
      }),
      { seed: 20261123, numRuns: 300 },
    );
  });

  it('mutated and truncated JSON requests', () => {
    const encoder = new TextEncoder();
    const document = sampleJson(signal);
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), fc.nat(), (choices, replacement, cut) => {
        const text = JSON.stringify(mutate(document, choices, replacement));
        for (const { call } of calls) {
          expectNoThrow(() => call(encoder.encode(text), ContentType.json));
          expectNoThrow(() => call(encoder.encode(text.slice(0, cut % (text.length + 1))), ContentType.json));
        }
      }),
      { seed: 1123, numRuns: 200 },
    );
  });
});

import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DecodeError, type DecodeResult } from '@prism/contract';
import { describe, expect, it } from 'vitest';
import { decodeLogsRequest, decodeMetricsRequest, decodeTracesRequest } from './decode-requests';
import { otlpTypes } from './proto/otlp-types';
import { modelToProtobufObject } from './test-support/model-to-protobuf';

const decoders = [
  { name: 'traces', decode: decodeTracesRequest, fixture: 'trace.json', type: () => otlpTypes().traceRequest },
  { name: 'logs', decode: decodeLogsRequest, fixture: 'logs.json', type: () => otlpTypes().logsRequest },
  { name: 'metrics', decode: decodeMetricsRequest, fixture: 'metrics.json', type: () => otlpTypes().metricsRequest },
] as const;

const fixtureJson = (name: string): unknown => JSON.parse(readFileSync(join(import.meta.dirname, '../test-data', name), 'utf8'));

function isDecodeResult(result: DecodeResult<unknown>): boolean {
  return result.ok ? Array.isArray(result.issues) : result.error instanceof DecodeError;
}

/** Replaces, deletes or retypes one value somewhere inside a JSON document. */
function mutate(document: unknown, choice: number, replacement: unknown, remove: boolean): unknown {
  const copy = JSON.parse(JSON.stringify(document)) as unknown;
  const slots: Array<{ parent: Record<string, unknown> | unknown[]; key: string | number }> = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach((child, key) => {
        slots.push({ parent: node, key });
        walk(child);
      });
    } else if (typeof node === 'object' && node !== null) {
      for (const [key, child] of Object.entries(node)) {
        slots.push({ parent: node as Record<string, unknown>, key });
        walk(child);
      }
    }
  };
  walk(copy);
  const slot = slots[choice % slots.length];
  if (remove && !Array.isArray(slot.parent)) delete slot.parent[slot.key as string];
  else (slot.parent as Record<string | number, unknown>)[slot.key] = replacement;
  return copy;
}

describe('decoders never throw', () => {
  for (const { name, decode, fixture, type } of decoders) {
    it(`${name}: random bytes in both encodings`, () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 200 }), (body) => {
          expect(isDecodeResult(decode(body, 'application/x-protobuf'))).toBe(true);
          expect(isDecodeResult(decode(body, 'application/json'))).toBe(true);
        }),
        { numRuns: 300 },
      );
    });

    it(`${name}: truncated and bit-flipped valid protobuf`, () => {
      const json = decode(readFileSync(join(import.meta.dirname, '../test-data', fixture)), 'application/json');
      if (!json.ok) throw json.error;
      const valid = type()
        .encode(type().fromObject(modelToProtobufObject(json.value) as Record<string, unknown>))
        .finish();
      fc.assert(
        fc.property(fc.nat(valid.length), fc.nat(valid.length * 8), (cut, bit) => {
          expect(isDecodeResult(decode(valid.slice(0, cut), 'application/x-protobuf'))).toBe(true);
          const flipped = valid.slice();
          flipped[bit >> 3] ^= 1 << (bit & 7);
          expect(isDecodeResult(decode(flipped, 'application/x-protobuf'))).toBe(true);
        }),
        { numRuns: 300 },
      );
    });

    it(`${name}: mutated JSON (deleted keys, wrong types, random strings)`, () => {
      const document = fixtureJson(fixture);
      const replacement = fc.oneof(
        fc.string(),
        fc.integer(),
        fc.double(),
        fc.boolean(),
        fc.constant(null),
        fc.json().map((j) => JSON.parse(j)),
      );
      fc.assert(
        fc.property(fc.nat(), replacement, fc.boolean(), (choice, value, remove) => {
          const body = new TextEncoder().encode(JSON.stringify(mutate(document, choice, value, remove)));
          expect(isDecodeResult(decode(body, 'application/json'))).toBe(true);
        }),
        { numRuns: 500 },
      );
    });
  }

  it('survives very deep JSON nesting without a stack overflow', () => {
    const deep =
      '{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":' +
      '{"kvlistValue":{"values":[{"key":"k","value":'.repeat(5000) +
      '{}' +
      '}]}}'.repeat(5000) +
      '}]}]}]}';
    const result = decodeLogsRequest(new TextEncoder().encode(deep), 'application/json');
    expect(result.ok && result.issues.length).toBe(1);
  });

  it('survives deeply nested protobuf', () => {
    // Each level is an AnyValue (field 6: kvlist) holding a KeyValueList → KeyValue (field 2: value).
    let value: Uint8Array = new Uint8Array([0x0a, 0x01, 0x78]); // AnyValue { string_value: "x" }
    for (let i = 0; i < 200; i++) {
      const keyValue = concat([0x12, ...varint(value.length)], value);
      const list = concat([0x0a, ...varint(keyValue.length)], keyValue);
      value = concat([0x32, ...varint(list.length)], list);
    }
    const record = concat([0x2a, ...varint(value.length)], value); // LogRecord.body
    const scope = concat([0x12, ...varint(record.length)], record);
    const resource = concat([0x12, ...varint(scope.length)], scope);
    const request = concat([0x0a, ...varint(resource.length)], resource);
    expect(isDecodeResult(decodeLogsRequest(request, 'application/x-protobuf'))).toBe(true);
  });
});

function varint(value: number): number[] {
  const out: number[] = [];
  while (value > 0x7f) {
    out.push((value & 0x7f) | 0x80);
    value >>>= 7;
  }
  out.push(value);
  return out;
}

function concat(head: number[], tail: Uint8Array): Uint8Array {
  const out = new Uint8Array(head.length + tail.length);
  out.set(head);
  out.set(tail, head.length);
  return out;
}

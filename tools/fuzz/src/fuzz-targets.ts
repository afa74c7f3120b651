import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ContentType, decodeAndEventize, type EventizeContext, type IngestFormat, type Signal } from '@prism/contract';
import { encodeLogsRequestProtobuf, encodeMetricsRequestProtobuf, encodeTracesRequestProtobuf } from '@prism/otlp/testing';
import { QueryValidationError, parseDslQuery } from '@prism/query';
import { registeredSignals } from '@prism/signal-registry';
import { zipkinJsonSeed, zipkinProtoSeed } from './zipkin-seeds';

/**
 * One decoder facing hostile input. `run` returns normally for every input it handles as it
 * should (data, or a clear rejection); it throws only on a defect: an exception escaping a call
 * that promises a result, or a wrong kind of error.
 */
export interface FuzzTarget {
  name: string;
  /** Valid inputs the mutations start from. */
  seeds: readonly Uint8Array[];
  /** Whether mutated inputs should also be tried as structured JSON documents. */
  json: boolean;
  run(input: Uint8Array): void;
}

/** Raised by a target for a defect, with what went wrong. */
export class FuzzDefect extends Error {}

const context: EventizeContext = { tenantId: 'fuzz', ingestTs: 1_700_000_000_000_000_000n };
const testData = join(import.meta.dirname, '../../../libs/otlp/test-data');
const encoder = new TextEncoder();

/** The OTLP examples (opentelemetry-proto's, in @prism/otlp's test data) as JSON and protobuf bodies. */
const OTLP_SAMPLES: Record<string, { file: string; toProtobuf: (request: never) => Uint8Array }> = {
  '/v1/traces': { file: 'trace.json', toProtobuf: encodeTracesRequestProtobuf },
  '/v1/logs': { file: 'logs.json', toProtobuf: encodeLogsRequestProtobuf },
  '/v1/metrics': { file: 'metrics.json', toProtobuf: encodeMetricsRequestProtobuf },
};

/** A call that promises a DecodeResult must return one, never throw. */
function expectResult(label: string, call: () => { ok: boolean }): void {
  let outcome: { ok: boolean };
  try {
    outcome = call();
  } catch (error) {
    throw new FuzzDefect(`${label} threw instead of returning a result: ${describe(error)}`, { cause: error });
  }
  if (typeof outcome?.ok !== 'boolean') throw new FuzzDefect(`${label} returned ${String(outcome)} instead of a result`);
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function otlpTargets(signal: Signal): FuzzTarget[] {
  const sample = OTLP_SAMPLES[signal.ingest.otlpPath];
  if (sample === undefined) return [];
  const jsonBody = readFileSync(join(testData, sample.file));
  const decoded = signal.ingest.decode(jsonBody, ContentType.json);
  if (!decoded.ok) throw new Error(`the ${signal.name} sample does not decode: ${decoded.error.message}`);
  const protobufBody = sample.toProtobuf(decoded.value as never);
  const { ingest } = signal;
  return [
    {
      // What ingest runs for protobuf: the single-pass walker where the signal has one.
      name: `${signal.name}-otlp-protobuf`,
      seeds: [protobufBody],
      json: false,
      run: (input) => expectResult(`${signal.name} OTLP protobuf`, () => decodeAndEventize(ingest, input, ContentType.protobuf, context)),
    },
    {
      // The model path too, which the single-pass walker hides for protobuf bodies.
      name: `${signal.name}-otlp-protobuf-model`,
      seeds: [protobufBody],
      json: false,
      run: (input) => {
        let decoded: ReturnType<typeof ingest.decode> | undefined;
        expectResult(`${signal.name} OTLP protobuf decode`, () => (decoded = ingest.decode(input, ContentType.protobuf)));
        // A decoded request must eventize: decodeAndEventize calls it without a guard.
        if (decoded?.ok === true) {
          const request = decoded.value;
          expectResult(`${signal.name} eventize`, () => ({ ok: Number.isInteger(ingest.eventize(request, context).acceptedRecords) }));
        }
      },
    },
    {
      name: `${signal.name}-otlp-json`,
      seeds: [new Uint8Array(jsonBody)],
      json: true,
      run: (input) => expectResult(`${signal.name} OTLP JSON`, () => decodeAndEventize(ingest, input, ContentType.json, context)),
    },
  ];
}

function extraFormatTargets(signal: Signal): FuzzTarget[] {
  return signal.ingest.extraFormats.flatMap((format: IngestFormat): FuzzTarget[] =>
    format.contentTypes.map((contentType) => {
      const json = contentType === ContentType.json;
      const seed = seedFor(format.path, json);
      return {
        name: `${signal.name}${format.path.replaceAll('/', '-')}-${json ? 'json' : 'protobuf'}`,
        seeds: seed === undefined ? [] : [seed],
        json,
        run: (input: Uint8Array) => expectResult(`${format.path} ${contentType}`, () => format.eventize(input, contentType, context)),
      };
    }),
  );
}

function seedFor(path: string, json: boolean): Uint8Array | undefined {
  if (path !== '/api/v2/spans') return undefined;
  return json ? encoder.encode(zipkinJsonSeed()) : zipkinProtoSeed();
}

/** DSL bodies a user would send: a search, an aggregate, a time-bucketed metric query. */
const DSL_SEEDS = [
  {
    signal: 'spans',
    timeRange: { last: '1h' },
    filters: [
      { column: 'service.name', op: 'eq', value: 'checkout' },
      { column: 'duration', op: 'gte', value: 50_000_000 },
      { column: 'span.attr.http.method', op: 'in', value: ['GET', 'POST'] },
    ],
    select: ['trace_id', 'name'],
    orderBy: [{ column: 'timestamp', direction: 'desc' }],
    limit: 20,
  },
  {
    signal: 'spans',
    timeRange: { from: '2026-01-01T00:00:00Z', to: '2026-01-01T01:00:00Z' },
    groupBy: ['service.name'],
    aggregates: [{ fn: 'percentile', column: 'duration', q: 0.95 }, { fn: 'count' }],
  },
  { signal: 'logs', timeRange: { last: '15m' }, filters: [{ column: 'body', op: 'regex', value: 'time(out|d out)' }], explain: true },
  {
    signal: 'metrics',
    timeRange: { last: '1h' },
    filters: [{ column: 'metric', op: 'eq', value: 'http.requests' }],
    groupBy: ['service', { timeBucket: '1m', as: 'minute' }],
    aggregates: [
      { fn: 'rate', column: 'value' },
      { fn: 'histogram_quantile', q: 0.99, as: 'p99' },
    ],
  },
];

const dslTarget: FuzzTarget = {
  name: 'query-dsl',
  seeds: DSL_SEEDS.map((seed) => encoder.encode(JSON.stringify(seed))),
  json: true,
  run: (input) => {
    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder().decode(input));
    } catch {
      return; // Not JSON: the route answers 400 before the parser sees it.
    }
    try {
      parseDslQuery(body, 1_767_225_600_000);
    } catch (error) {
      if (!(error instanceof QueryValidationError))
        throw new FuzzDefect(`the DSL parser threw ${describe(error)} instead of a QueryValidationError`, { cause: error });
      if (error.message.length === 0) throw new FuzzDefect('a QueryValidationError without a message');
    }
  },
};

/** Every fuzz target: each registered signal's OTLP decoders, its extra formats, and the query DSL. */
export function fuzzTargets(): FuzzTarget[] {
  return [...registeredSignals().flatMap((signal) => [...otlpTargets(signal), ...extraFormatTargets(signal)]), dslTarget];
}

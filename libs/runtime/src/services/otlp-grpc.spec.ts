import { Client, Metadata, credentials, status as GrpcCode, type ServiceError } from '@grpc/grpc-js';
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import { ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { OtlpGrpcServerHandle } from '@prism/ingest';
import { startServer, type ServerHandle } from '@prism/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithKey } from '../admin/tenant-admin';
import { openPrismRuntime, type PrismRuntime } from '../runtime/prism-runtime';
import { silentLogger, tempConfig } from '../test-support/runtime-fixture';
import { ingestService } from './ingest-service';
import { queryService } from './query-service';

// The all-in-one runtime as a server runs it: HTTP on port 0, and the OTLP/gRPC receiver started
// with the background work on PRISM_OTLP_GRPC_PORT=0; data goes in over gRPC and comes back
// through the query APIs over HTTP.
let temp: ReturnType<typeof tempConfig>;
let runtime: PrismRuntime;
let server: ServerHandle;
let grpc: OtlpGrpcServerHandle['address'];
const keys: Record<string, string> = {};

beforeAll(async () => {
  temp = tempConfig();
  let listening!: (address: OtlpGrpcServerHandle['address']) => void;
  const grpcAddress = new Promise<OtlpGrpcServerHandle['address']>((resolve) => (listening = resolve));
  runtime = await openPrismRuntime(temp.config, silentLogger, [ingestService({ onOtlpGrpcListening: listening }), queryService()]);
  server = await startServer(temp.config, silentLogger, runtime.routes);
  runtime.startBackgroundWork({ url: server.address.url });
  grpc = await grpcAddress;
  for (const tenant of ['acme', 'globex']) keys[tenant] = (await createTenantWithKey(runtime.resources.catalog, tenant)).key;
});
afterAll(async () => {
  await server?.close();
  await runtime?.close();
  temp?.cleanUp();
});

const resource = resourceFromAttributes({ 'service.name': 'grpc-checkout' });

function finishedSpans(count: number): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const tracer = new BasicTracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer('grpc-spec');
  const root = tracer.startSpan('checkout');
  // No context manager is registered here: the parent is passed explicitly.
  for (let i = 1; i < count; i++) tracer.startSpan(`step ${i}`, {}, trace.setSpan(ROOT_CONTEXT, root)).end();
  root.end();
  return exporter.getFinishedSpans();
}

function emittedLogs(count: number): ReadableLogRecord[] {
  const exporter = new InMemoryLogRecordExporter();
  const logger = new LoggerProvider({ resource, processors: [new SimpleLogRecordProcessor({ exporter })] }).getLogger('grpc-spec');
  for (let i = 0; i < count; i++) logger.emit({ body: `grpc order ${i}`, severityNumber: SeverityNumber.WARN, severityText: 'WARN' });
  return [...exporter.getFinishedLogRecords()];
}

function metadataWith(entries: Record<string, string>): Metadata {
  const metadata = new Metadata();
  for (const [name, value] of Object.entries(entries)) metadata.set(name, value);
  return metadata;
}

const exported = (run: (done: (result: ExportResult) => void) => void) => new Promise<ExportResult>(run);

async function httpGet(path: string, headers: Record<string, string>): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${server.address.url}${path}`, { headers });
  return { status: response.status, json: await response.json() };
}

async function query(tenant: string, body: unknown): Promise<Array<Record<string, unknown>>> {
  const response = await fetch(`${server.address.url}/api/v1/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': keys[tenant] },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { rows: Array<Record<string, unknown>> }).rows;
}

describe('OTLP/gRPC on the all-in-one runtime', () => {
  it('takes spans from the OpenTelemetry gRPC trace exporter (gzip, x-api-key) that the Zipkin API then returns to that tenant only', async () => {
    const spans = finishedSpans(3);
    const traceId = spans[0].spanContext().traceId;
    const exporter = new OTLPTraceExporter({
      url: `http://${grpc.target}`,
      metadata: metadataWith({ 'x-api-key': keys.acme }),
      compression: CompressionAlgorithm.GZIP,
    });
    const result = await exported((done) => exporter.export(spans, done));
    await exporter.shutdown();
    expect(result.error).toBeUndefined();
    expect(result.code).toBe(ExportResultCode.SUCCESS);

    const acmeTrace = await httpGet(`/api/v2/trace/${traceId}`, { 'x-api-key': keys.acme });
    expect(acmeTrace.status).toBe(200);
    expect((acmeTrace.json as Array<{ name: string; localEndpoint: { serviceName: string } }>).map((span) => span.name).sort()).toEqual([
      'checkout',
      'step 1',
      'step 2',
    ]);
    // The query API reads the Bearer form too; another tenant's key sees nothing of it.
    expect((await httpGet(`/api/v2/trace/${traceId}`, { authorization: `Bearer ${keys.acme}` })).status).toBe(200);
    expect((await httpGet(`/api/v2/trace/${traceId}`, { 'x-api-key': keys.globex })).status).toBe(404);
    expect((await httpGet('/api/v2/services', { 'x-api-key': keys.globex })).json).toEqual([]);
  });

  it('takes log records from the OpenTelemetry gRPC logs exporter with Authorization: Bearer, readable through the DSL', async () => {
    const exporter = new OTLPLogExporter({ url: `http://${grpc.target}`, metadata: metadataWith({ authorization: `Bearer ${keys.globex}` }) });
    const result = await exported((done) => exporter.export(emittedLogs(4), done));
    await exporter.shutdown();
    expect(result.error).toBeUndefined();
    expect(result.code).toBe(ExportResultCode.SUCCESS);

    const bySeverity = { signal: 'logs', timeRange: { last: '1h' }, groupBy: ['severity'], aggregates: [{ fn: 'count' }] };
    expect(await query('globex', bySeverity)).toEqual([{ severity: 'WARN', count: 4 }]);
    expect(await query('acme', bySeverity)).toEqual([]);
  });

  it('takes metrics serialized by the OpenTelemetry protobuf serializer over a plain gRPC client', async () => {
    const reader = new PeriodicExportingMetricReader({ exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE), exportIntervalMillis: 60_000 });
    const provider = new MeterProvider({ resource, readers: [reader] });
    provider.getMeter('grpc-spec').createCounter('grpc.orders').add(5, { region: 'eu' });
    const collected = await reader.collect();
    await provider.shutdown();
    const body = ProtobufMetricsSerializer.serializeRequest(collected.resourceMetrics) as Uint8Array;

    const client = new Client(grpc.target, credentials.createInsecure());
    const raw = (bytes: Buffer) => bytes;
    const call = (key: string) =>
      new Promise<ServiceError | null>((resolve) =>
        client.makeUnaryRequest(
          '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
          raw,
          raw,
          Buffer.from(body),
          metadataWith({ 'x-api-key': key }),
          (error) => resolve(error),
        ),
      );
    try {
      expect(await call(keys.acme)).toBeNull();
      expect((await call('prism_unknown'))?.code).toBe(GrpcCode.UNAUTHENTICATED);
    } finally {
      client.close();
    }

    const orders = {
      signal: 'metrics',
      timeRange: { last: '1h' },
      filters: [{ column: 'metric', op: 'eq', value: 'grpc.orders' }],
      aggregates: [{ fn: 'count' }],
    };
    expect(await query('acme', orders)).toEqual([{ count: 1 }]);
    expect(await query('globex', orders)).toEqual([{ count: 0 }]);
  });
});

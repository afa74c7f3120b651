import { join, resolve } from 'node:path';
import { Client, Metadata, credentials, status as GrpcCode, type ServiceError } from '@grpc/grpc-js';
import {
  bundleAppTarget,
  grpcListeningTarget,
  httpPostJson,
  invokeHealthzHandler,
  listeningUrl,
  spawnNode,
  useTempDir,
  waitUntilReady,
} from '@prism/runtime/testing';
import { describe, expect, it } from 'vitest';

// Bundles the entry points with the esbuild options of project.json, then runs them for real.
const appDir = resolve(import.meta.dirname, '..');
const outDir = useTempDir('prism-ingest-app-');
const bundle = (targetName: string) => bundleAppTarget({ appDir, targetName, outDir: outDir() });

describe('apps/ingest main bundle', () => {
  it('serves health and the OTLP endpoints (401 without a key), creates no dev tenant, and exits 0 on SIGTERM', async () => {
    const server = spawnNode([await bundle('build-main')], {
      cwd: outDir(),
      env: { PRISM_PORT: '0', PRISM_OTLP_GRPC_PORT: '0', PRISM_DATA_DIR: join(outDir(), 'data') },
    });
    const url = await listeningUrl(server);
    await waitUntilReady(url);
    const reply = await httpPostJson(`${url}/v1/logs`, '{}');
    expect(reply.status).toBe(401);
    expect(await reply.json()).toEqual({ code: 16, message: 'missing x-api-key header' });

    // The OTLP/gRPC receiver runs beside HTTP, and its log line names the port.
    const target = await grpcListeningTarget(server);
    expect(target).toMatch(/^127\.0\.0\.1:[1-9]\d*$/);
    const client = new Client(target, credentials.createInsecure());
    const raw = (bytes: Buffer) => bytes;
    const error = await new Promise<ServiceError | null>((resolve) =>
      client.makeUnaryRequest('/opentelemetry.proto.collector.logs.v1.LogsService/Export', raw, raw, Buffer.alloc(0), new Metadata(), (failure) =>
        resolve(failure),
      ),
    );
    client.close();
    expect(error?.code).toBe(GrpcCode.UNAUTHENTICATED);
    expect(await server.terminate()).toBe(0);
    expect(server.stderr()).toBe('');
  });
});

describe('apps/ingest Lambda bundle', () => {
  it('exports a handler that answers /healthz', async () => {
    const lambda = invokeHealthzHandler(await bundle('build-handler'), outDir());
    expect(await lambda.exited).toBe(0);
    expect(JSON.parse(lambda.stderr())).toMatchObject({ statusCode: 200 });
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, loadConfig, type Logger, type PrismConfig } from '@prism/server';

/** A logger that keeps tests quiet. */
export const silentLogger: Logger = createLogger({ level: 'error', write: () => undefined });

/**
 * PRISM_CATALOG_SEED as the vitest global setup set it (a fresh PGlite cluster, so each test's
 * catalog skips initdb); empty when unset.
 */
export function catalogSeedEnv(): Record<string, string> {
  const seed = process.env['PRISM_CATALOG_SEED'];
  return seed === undefined ? {} : { PRISM_CATALOG_SEED: seed };
}

/** Configuration with every data directory under a fresh temporary directory, listening on 127.0.0.1:0; `env` adds variables. */
export function tempConfig(env: Record<string, string> = {}): { config: PrismConfig; cleanUp: () => void } {
  const dataDir = mkdtempSync(join(tmpdir(), 'prism-runtime-'));
  const loaded = loadConfig({
    PRISM_DATA_DIR: dataDir,
    PRISM_HOST: '127.0.0.1',
    PRISM_PORT: '0',
    PRISM_OTLP_GRPC_PORT: '0',
    PRISM_LOG_LEVEL: 'error',
    ...catalogSeedEnv(),
    ...env,
  });
  if (!loaded.ok) throw loaded.error;
  return { config: loaded.config, cleanUp: () => rmSync(dataDir, { recursive: true, force: true }) };
}

export interface TestSpan {
  traceId: string;
  spanId: string;
  service: string;
  name: string;
  startMs: number;
}

/** An OTLP/JSON ExportTraceServiceRequest, one resource per span, each span 5 ms long. */
export function otlpTracesJson(spans: readonly TestSpan[]): string {
  return JSON.stringify({
    resourceSpans: spans.map((span) => ({
      resource: { attributes: [{ key: 'service.name', value: { stringValue: span.service } }] },
      scopeSpans: [
        {
          spans: [
            {
              traceId: span.traceId,
              spanId: span.spanId,
              name: span.name,
              kind: 2,
              startTimeUnixNano: String(BigInt(span.startMs) * 1_000_000n),
              endTimeUnixNano: String(BigInt(span.startMs + 5) * 1_000_000n),
            },
          ],
        },
      ],
    })),
  });
}

/** A Zipkin v2 JSON span list (timestamps in microseconds), each span 5 ms long. */
export function zipkinSpansJson(spans: readonly TestSpan[]): string {
  return JSON.stringify(
    spans.map((span) => ({
      traceId: span.traceId,
      id: span.spanId,
      name: span.name,
      kind: 'SERVER',
      timestamp: span.startMs * 1000,
      duration: 5000,
      localEndpoint: { serviceName: span.service },
    })),
  );
}

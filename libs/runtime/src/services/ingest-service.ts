import { availableParallelism } from 'node:os';
import type { Signal } from '@prism/contract';
import {
  IngestService,
  WorkerRequestEncoder,
  encodeJobsWith,
  ingestRoutes,
  inlineRequestEncoder,
  startOtlpGrpcServer,
  type EncodeJob,
  type OtlpGrpcServerHandle,
  type EncodeOutcome,
  type RequestEncoder,
} from '@prism/ingest';
import { registeredSignals } from '@prism/signal-registry';
import type { PrismConfig } from '@prism/server';
import type { PrismService, RouteShape } from '../runtime/prism-service';

/** Method and path of every ingest route: each signal's OTLP path and extra formats (Zipkin). */
export function ingestRouteShapes(signals: readonly Signal[]): RouteShape[] {
  return signals.flatMap((signal) =>
    [signal.ingest.otlpPath, ...signal.ingest.extraFormats.map((format) => format.path)].map((path) => ({ method: 'POST' as const, path })),
  );
}

/** Name under which an app bundle exports {@link encodeIngestRequest} for its ingest worker threads. */
export const INGEST_WORKER_HANDLER = 'encodeIngestRequest';

let encodeWithRegisteredSignals: ((job: EncodeJob) => EncodeOutcome) | undefined;

/**
 * The ingest worker threads' handler: an app bundle re-exports it (as {@link INGEST_WORKER_HANDLER})
 * and passes its own file name to {@link ingestService}, so the threads run the same code and signals.
 */
export function encodeIngestRequest(job: EncodeJob): EncodeOutcome {
  encodeWithRegisteredSignals ??= encodeJobsWith(registeredSignals());
  return encodeWithRegisteredSignals(job);
}

/** Options of {@link ingestService}. */
export interface IngestServiceOptions {
  /**
   * The running bundle, which exports {@link encodeIngestRequest}: with it, requests are encoded on
   * `PRISM_INGEST_THREADS` worker threads; without it (Lambda, tests), on the event loop.
   */
  workerScript?: string;
  /** Called once the OTLP/gRPC receiver listens (`PRISM_OTLP_GRPC_PORT`), with its `host:port`; e.g. for tests on port 0. */
  onOtlpGrpcListening?: (address: OtlpGrpcServerHandle['address']) => void;
}

/** Most threads `auto` starts: past a few, the one event loop that commits is the limit, and each thread holds its own copy of the code. */
export const MAX_AUTO_INGEST_THREADS = 8;

/** How many encoding threads the config asks for. */
export function ingestThreadCount(config: Pick<PrismConfig, 'ingestThreads'>, cores = availableParallelism()): number {
  return config.ingestThreads === 'auto' ? Math.min(cores, MAX_AUTO_INGEST_THREADS) : config.ingestThreads;
}

function requestEncoderFor(config: PrismConfig, options: IngestServiceOptions): RequestEncoder {
  const threads = ingestThreadCount(config);
  if (options.workerScript === undefined || threads === 0) return inlineRequestEncoder;
  return new WorkerRequestEncoder({ filename: options.workerScript, handlerName: INGEST_WORKER_HANDLER, threads });
}

/**
 * OTLP/HTTP and Zipkin ingest for every registered signal, with the limits of `PRISM_INGEST_*`;
 * servers also start the OTLP/gRPC receiver on `PRISM_OTLP_GRPC_PORT` with their background work
 * (Lambda never does). Closing stops the gRPC receiver (in-flight calls finish), waits for
 * in-flight commits, then stops the encoding threads.
 *
 * @example openPrismRuntime(config, logger, [ingestService({ workerScript: __filename })])
 */
export function ingestService(options: IngestServiceOptions = {}): PrismService {
  return {
    name: 'ingest',
    routeShapes: ingestRouteShapes,
    start: ({ config, logger, catalog, hotStore, signals, gateway, metrics, selfTracer }) => {
      const limits = { maxBodyBytes: config.ingestMaxBodyBytes, rate: { perSecond: config.ingestRatePerSecond, burst: config.ingestRateBurst } };
      const encoder = requestEncoderFor(config, options);
      const service = new IngestService(
        { catalog, store: hotStore, logger, ...(metrics !== undefined ? { metrics: metrics.ingest } : {}) },
        {
          limitsFor: () => limits,
          // The catalog refuses a zero lifetime; 1 ms keeps "0" meaning "practically no deduplication".
          idempotencyTtlMs: Math.max(1, config.idempotencyTtlMs),
          digestWindowMs: Math.max(1, config.idempotencyWindowMs),
          encoder,
        },
      );
      let grpc: Promise<OtlpGrpcServerHandle | undefined> | undefined;
      metrics?.watchIngestQueues(() => service.queueDepths());
      if (selfTracer !== undefined) selfTracer.attach(service, async () => (await catalog.tenants.get(selfTracer.tenantId)) !== undefined);
      return {
        routes: ingestRoutes({ service, gateway, signals }),
        startBackgroundWork: () => {
          const port = config.otlpGrpcPort;
          if (port === 'off' || grpc !== undefined) return;
          grpc = startOtlpGrpcServer({
            service,
            gateway,
            signals,
            logger,
            host: config.host,
            port,
            // One limit for the message as sent and after gzip: the larger of the HTTP body limits.
            maxMessageBytes: Math.max(config.maxBodyBytes, config.ingestMaxBodyBytes),
            shutdownTimeoutMs: config.shutdownTimeoutMs,
          }).then(
            (handle) => {
              options.onOtlpGrpcListening?.(handle.address);
              return handle;
            },
            (error: unknown) => {
              // OTLP/HTTP keeps serving; the log says why gRPC clients cannot connect.
              logger.error('could not start the OTLP/gRPC receiver', { port, error });
              return undefined;
            },
          );
        },
        close: async () => {
          await (await grpc)?.close();
          // The last self-traced spans are written before the commits drain.
          await selfTracer?.shutdown();
          await service.drain();
          await encoder.close();
        },
      };
    },
  };
}

import {
  booleanParser,
  bucketParser,
  byteSizeParser,
  hostParser,
  millisecondsParser,
  oneOfParser,
  originListParser,
  pathParser,
  portOrOffParser,
  portParser,
  regionParser,
  tenantIdParser,
  threadCountParser,
  urlParser,
} from './value-parsers';
import type { ValueParser } from './value-parsers';
import { LOG_LEVELS } from '../logging/log-level';

interface VariableBase<T> {
  readonly name: `PRISM_${string}`;
  readonly parser: ValueParser<T>;
  readonly description: string;
}

/**
 * A variable with a default. The default is raw text parsed like a user's value, so the docs show
 * exactly what applies; `{PRISM_X}` in it stands for the value PRISM_X resolved to.
 */
export interface DefaultedVariable<T> extends VariableBase<T> {
  readonly default: string;
}

/** A variable that may stay unset. */
export interface OptionalVariable<T> extends VariableBase<T> {
  readonly default?: undefined;
}

export type ConfigVariable<T = unknown> = DefaultedVariable<T> | OptionalVariable<T>;

const defaulted = <T>(variable: DefaultedVariable<T>): DefaultedVariable<T> => variable;
const optional = <T>(variable: OptionalVariable<T>): OptionalVariable<T> => variable;

/**
 * The one table of configuration: validation, `PrismConfig` and the README table all come from it.
 * Order matters: a default may only refer to variables listed above it.
 */
export const configVariables = {
  host: defaulted({
    name: 'PRISM_HOST',
    parser: hostParser,
    default: '127.0.0.1',
    description: 'Address to listen on. Loopback by default so a laptop does not expose an unauthenticated receiver; set `0.0.0.0` in a container.',
  }),
  port: defaulted({
    name: 'PRISM_PORT',
    parser: portParser,
    default: '4318',
    description: 'TCP port; 4318 is the standard OTLP/HTTP port. `0` picks a free port.',
  }),
  explorerDir: defaulted({
    name: 'PRISM_EXPLORER_DIR',
    parser: pathParser,
    default: 'dist/apps/explorer',
    description:
      'Built explorer (`npx nx run explorer:build`) that the all-in-one server serves at `/`; relative paths are resolved from the working directory. When it holds no `index.html`, `/` says how to build it.',
  }),
  otlpGrpcPort: defaulted({
    name: 'PRISM_OTLP_GRPC_PORT',
    parser: portOrOffParser,
    default: '4317',
    description:
      'TCP port of the OTLP/gRPC receiver (servers with ingest; on `PRISM_HOST`); 4317 is the standard OTLP/gRPC port. `0` picks a free port, `off` does not start it.',
  }),
  corsAllowedOrigins: optional({
    name: 'PRISM_CORS_ALLOWED_ORIGINS',
    parser: originListParser,
    description:
      'Browser origins that may call the HTTP API (CORS, e.g. for browser OTLP exporters): a comma-separated list such as `https://app.example.com,http://localhost:5173`, or `*` for any. Unset: no CORS headers, so browsers allow no cross-origin calls.',
  }),
  dataDir: defaulted({
    name: 'PRISM_DATA_DIR',
    parser: pathParser,
    default: '.prism',
    description: 'Root of the embedded data (relative paths are resolved from the working directory).',
  }),
  hotDir: defaulted({
    name: 'PRISM_HOT_DIR',
    parser: pathParser,
    default: '{PRISM_DATA_DIR}/hot',
    description: 'Hot store: open and recently sealed segments.',
  }),
  objectsDir: defaulted({
    name: 'PRISM_OBJECTS_DIR',
    parser: pathParser,
    default: '{PRISM_DATA_DIR}/objects',
    description: 'Filesystem object store, used when `PRISM_S3_BUCKET` is unset.',
  }),
  catalogDir: defaulted({
    name: 'PRISM_CATALOG_DIR',
    parser: pathParser,
    default: '{PRISM_DATA_DIR}/catalog',
    description: 'PGlite catalog directory, used when `PRISM_DATABASE_URL` is unset.',
  }),
  catalogSeed: optional({
    name: 'PRISM_CATALOG_SEED',
    parser: pathParser,
    description:
      'A fresh PGlite cluster (a tarball from `writePgliteClusterSeed`) that a new embedded catalog starts from instead of running initdb: ~0.7 s instead of ~4 s, for test suites and CI. An existing catalog ignores it.',
  }),
  databaseUrl: optional({
    name: 'PRISM_DATABASE_URL',
    parser: urlParser(['postgres', 'postgresql']),
    description: 'A real PostgreSQL for the catalog instead of the embedded PGlite.',
  }),
  s3Bucket: optional({
    name: 'PRISM_S3_BUCKET',
    parser: bucketParser,
    description: 'S3 bucket for sealed segments and Parquet; setting it switches the object store to S3.',
  }),
  s3Endpoint: optional({
    name: 'PRISM_S3_ENDPOINT',
    parser: urlParser(['http', 'https']),
    description: 'S3-compatible endpoint (MinIO, R2, …); AWS S3 when unset. Needs `PRISM_S3_BUCKET`.',
  }),
  s3Region: optional({
    name: 'PRISM_S3_REGION',
    parser: regionParser,
    description: "S3 region; the AWS SDK's own default chain when unset. Needs `PRISM_S3_BUCKET`.",
  }),
  s3ForcePathStyle: optional({
    name: 'PRISM_S3_FORCE_PATH_STYLE',
    parser: booleanParser,
    description: 'Path-style bucket URLs, which most S3-compatible stores need. Needs `PRISM_S3_BUCKET`.',
  }),
  logLevel: defaulted({
    name: 'PRISM_LOG_LEVEL',
    parser: oneOfParser(LOG_LEVELS),
    default: 'info',
    description: 'Lowest level written to the JSON log on stdout.',
  }),
  shutdownTimeoutMs: defaulted({
    name: 'PRISM_SHUTDOWN_TIMEOUT_MS',
    parser: millisecondsParser,
    default: '10000',
    description: 'On SIGINT/SIGTERM, how long in-flight requests may take before their connections are cut.',
  }),
  requestTimeoutMs: defaulted({
    name: 'PRISM_REQUEST_TIMEOUT_MS',
    parser: millisecondsParser,
    default: '30000',
    description: 'Longest time to receive a whole request; `0` disables the limit.',
  }),
  maxBodyBytes: defaulted({
    name: 'PRISM_MAX_BODY_BYTES',
    parser: byteSizeParser,
    default: '16mb',
    description: 'Largest request body accepted; larger bodies get 413.',
  }),
  ingestMaxBodyBytes: defaulted({
    name: 'PRISM_INGEST_MAX_BODY_BYTES',
    parser: byteSizeParser,
    default: '64mb',
    description: "Largest ingest body per tenant after gzip/deflate is undone (the OTLP spec's recommended 64 MiB); larger bodies get 413.",
  }),
  ingestRatePerSecond: defaulted<number>({
    name: 'PRISM_INGEST_RATE_PER_SECOND',
    parser: {
      expected: 'a whole number of requests per second (0 disables the limit)',
      parse: (raw) => (/^\d+$/.test(raw.trim()) ? { ok: true, value: Number(raw.trim()) } : { ok: false }),
    },
    default: '100',
    description: 'Sustained ingest requests per second per tenant (token bucket, per process); more get 429 with `Retry-After`.',
  }),
  ingestRateBurst: defaulted<number>({
    name: 'PRISM_INGEST_RATE_BURST',
    parser: {
      expected: 'a whole number of requests (1 or more)',
      parse: (raw) => (/^[1-9]\d*$/.test(raw.trim()) ? { ok: true, value: Number(raw.trim()) } : { ok: false }),
    },
    default: '200',
    description: 'Ingest requests a tenant may send at once after a quiet spell (the token bucket size).',
  }),
  ingestThreads: defaulted({
    name: 'PRISM_INGEST_THREADS',
    parser: threadCountParser,
    default: 'auto',
    description:
      'Worker threads that decode, eventize and encode ingest requests beside the event loop (servers only; Lambda handlers encode inline). `auto` = one per core, at most 8; `0` encodes on the event loop.',
  }),
  idempotencyTtlMs: defaulted({
    name: 'PRISM_IDEMPOTENCY_TTL_MS',
    parser: millisecondsParser,
    default: '86400000',
    description: 'How long an `Idempotency-Key` and its stored response are kept: a retry within it is answered without storing twice.',
  }),
  idempotencyWindowMs: defaulted({
    name: 'PRISM_IDEMPOTENCY_WINDOW_MS',
    parser: millisecondsParser,
    default: '600000',
    description: 'Without an `Idempotency-Key`, an identical body to the same endpoint within this window counts as a retry.',
  }),
  retentionDays: defaulted<number>({
    name: 'PRISM_RETENTION_DAYS',
    parser: {
      expected: 'a whole number of days (1 or more)',
      parse: (raw) => (/^[1-9]\d*$/.test(raw.trim()) ? { ok: true, value: Number(raw.trim()) } : { ok: false }),
    },
    default: '30',
    description: 'Days data is kept where no retention policy of the tenant or dataset applies; older segments and Parquet files are deleted.',
  }),
  sealIntervalMs: defaulted({
    name: 'PRISM_SEAL_INTERVAL_MS',
    parser: millisecondsParser,
    default: '60000',
    description: 'Pause between sealer passes in the all-in-one server; `0` turns the timer off (`npm run prism -- seal` still works).',
  }),
  sealGraceMs: defaulted({
    name: 'PRISM_SEAL_GRACE_MS',
    parser: millisecondsParser,
    default: '60000',
    description: 'How long after its window ends a segment is sealed (room for late data; later rows go to a new generation).',
  }),
  sealMaxSegmentBytes: defaulted({
    name: 'PRISM_SEAL_MAX_SEGMENT_BYTES',
    parser: byteSizeParser,
    default: '256mb',
    description: 'A segment this large is sealed even while its window is open.',
  }),
  parquetizeIntervalMs: defaulted({
    name: 'PRISM_PARQUETIZE_INTERVAL_MS',
    parser: millisecondsParser,
    default: '300000',
    description:
      'Pause between parquetizer passes (sealed segments → Parquet) in the all-in-one server; `0` turns the timer off (`npm run prism -- compact` still works).',
  }),
  parquetizeLatenessMs: defaulted({
    name: 'PRISM_PARQUETIZE_LATENESS_MS',
    parser: millisecondsParser,
    default: '900000',
    description: 'An hour of data is compacted to Parquet only this long after it ended, so late rows still reach its segments.',
  }),
  retentionIntervalMs: defaulted({
    name: 'PRISM_RETENTION_INTERVAL_MS',
    parser: millisecondsParser,
    default: '3600000',
    description: 'Pause between retention passes in the all-in-one server; `0` turns the timer off.',
  }),
  metricsEnabled: defaulted({
    name: 'PRISM_METRICS_ENABLED',
    parser: booleanParser,
    default: 'true',
    description: 'Serve Prometheus metrics at `GET /metrics` (servers: all-in-one, ingest, query); `false` removes the route and stops recording.',
  }),
  readinessTimeoutMs: defaulted({
    name: 'PRISM_READINESS_TIMEOUT_MS',
    parser: millisecondsParser,
    default: '2000',
    description: 'How long each `/readyz` probe (catalog, object store) may take before the dependency counts as down (503).',
  }),
  selfTracingTenant: optional({
    name: 'PRISM_SELF_TRACING_TENANT',
    parser: tenantIdParser,
    description:
      'When set, Prism traces its own HTTP requests into this (existing) tenant, written straight into the ingest core of the same process (servers with ingest only); off when unset.',
  }),
} as const;

type Variables = typeof configVariables;

/** The validated configuration: one field per variable, `undefined` only for optional ones. */
export type PrismConfig = {
  readonly [K in keyof Variables]: Variables[K] extends DefaultedVariable<infer T> ? T : Variables[K] extends OptionalVariable<infer T> ? T | undefined : never;
};

/** Names of the variables that only make sense with `PRISM_S3_BUCKET`. */
export const S3_DEPENDENT_KEYS = ['s3Endpoint', 's3Region', 's3ForcePathStyle'] as const satisfies readonly (keyof PrismConfig)[];

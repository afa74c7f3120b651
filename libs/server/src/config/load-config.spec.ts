import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error';
import { loadConfig } from './load-config';
import type { Environment } from './load-config';

function problemsOf(env: Environment) {
  const result = loadConfig(env);
  if (result.ok) throw new Error('expected the configuration to be rejected');
  return result.error.problems;
}

function configOf(env: Environment) {
  const result = loadConfig(env);
  if (!result.ok) throw result.error;
  return result.config;
}

describe('loadConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    const result = loadConfig({});
    expect(result).toEqual({
      ok: true,
      warnings: [],
      config: {
        host: '127.0.0.1',
        port: 4318,
        explorerDir: 'dist/apps/explorer',
        otlpGrpcPort: 4317,
        dataDir: '.prism',
        hotDir: '.prism/hot',
        objectsDir: '.prism/objects',
        catalogDir: '.prism/catalog',
        logLevel: 'info',
        shutdownTimeoutMs: 10000,
        requestTimeoutMs: 30000,
        maxBodyBytes: 16 * 1024 * 1024,
        ingestMaxBodyBytes: 64 * 1024 * 1024,
        ingestRatePerSecond: 100,
        ingestRateBurst: 200,
        ingestThreads: 'auto',
        idempotencyTtlMs: 86_400_000,
        idempotencyWindowMs: 600_000,
        retentionDays: 30,
        sealIntervalMs: 60_000,
        sealGraceMs: 60_000,
        sealMaxSegmentBytes: 256 * 1024 * 1024,
        parquetizeIntervalMs: 300_000,
        parquetizeLatenessMs: 900_000,
        retentionIntervalMs: 3_600_000,
        metricsEnabled: true,
        readinessTimeoutMs: 2000,
      },
    });
  });

  it('reads every variable when set', () => {
    expect(
      configOf({
        PRISM_HOST: '0.0.0.0',
        PRISM_PORT: '0',
        PRISM_EXPLORER_DIR: '/srv/prism/explorer/',
        PRISM_OTLP_GRPC_PORT: 'OFF',
        PRISM_CORS_ALLOWED_ORIGINS: 'https://app.example.com, http://localhost:5173/',
        PRISM_DATA_DIR: '/var/lib/prism',
        PRISM_HOT_DIR: '/mnt/efs/hot/',
        PRISM_DATABASE_URL: 'postgres://prism@db:5432/prism',
        PRISM_S3_BUCKET: 'prism-data',
        PRISM_S3_ENDPOINT: 'http://minio:9000',
        PRISM_S3_REGION: 'eu-west-1',
        PRISM_S3_FORCE_PATH_STYLE: 'YES',
        PRISM_LOG_LEVEL: 'DEBUG',
        PRISM_SHUTDOWN_TIMEOUT_MS: '250',
        PRISM_REQUEST_TIMEOUT_MS: '0',
        PRISM_MAX_BODY_BYTES: '512kb',
        PRISM_INGEST_MAX_BODY_BYTES: '1mb',
        PRISM_INGEST_RATE_PER_SECOND: '0',
        PRISM_INGEST_RATE_BURST: '5',
        PRISM_INGEST_THREADS: ' 3 ',
        PRISM_IDEMPOTENCY_TTL_MS: '60000',
        PRISM_IDEMPOTENCY_WINDOW_MS: '1000',
        PRISM_RETENTION_DAYS: '7',
        PRISM_SEAL_INTERVAL_MS: '5000',
        PRISM_SEAL_GRACE_MS: '0',
        PRISM_SEAL_MAX_SEGMENT_BYTES: '1mb',
        PRISM_PARQUETIZE_INTERVAL_MS: '120000',
        PRISM_PARQUETIZE_LATENESS_MS: '0',
        PRISM_RETENTION_INTERVAL_MS: '0',
        PRISM_METRICS_ENABLED: 'off',
        PRISM_READINESS_TIMEOUT_MS: '500',
        PRISM_SELF_TRACING_TENANT: 'prism-self',
      }),
    ).toEqual({
      host: '0.0.0.0',
      port: 0,
      explorerDir: '/srv/prism/explorer/',
      otlpGrpcPort: 'off',
      corsAllowedOrigins: ['https://app.example.com', 'http://localhost:5173'],
      dataDir: '/var/lib/prism',
      hotDir: '/mnt/efs/hot/',
      objectsDir: '/var/lib/prism/objects',
      catalogDir: '/var/lib/prism/catalog',
      databaseUrl: 'postgres://prism@db:5432/prism',
      s3Bucket: 'prism-data',
      s3Endpoint: 'http://minio:9000',
      s3Region: 'eu-west-1',
      s3ForcePathStyle: true,
      logLevel: 'debug',
      shutdownTimeoutMs: 250,
      requestTimeoutMs: 0,
      maxBodyBytes: 512 * 1024,
      ingestMaxBodyBytes: 1024 * 1024,
      ingestRatePerSecond: 0,
      ingestRateBurst: 5,
      ingestThreads: 3,
      idempotencyTtlMs: 60_000,
      idempotencyWindowMs: 1000,
      retentionDays: 7,
      sealIntervalMs: 5000,
      sealGraceMs: 0,
      sealMaxSegmentBytes: 1024 * 1024,
      parquetizeIntervalMs: 120_000,
      parquetizeLatenessMs: 0,
      retentionIntervalMs: 0,
      metricsEnabled: false,
      readinessTimeoutMs: 500,
      selfTracingTenant: 'prism-self',
    });
  });

  it('derives the store directories from PRISM_DATA_DIR and normalizes them', () => {
    const config = configOf({ PRISM_DATA_DIR: './data//prism/' });
    expect(config.dataDir).toBe('data/prism/');
    expect(config.hotDir).toBe('data/prism/hot');
    expect(config.catalogDir).toBe('data/prism/catalog');
  });

  it('reads PRISM_OTLP_GRPC_PORT as a port and PRISM_CORS_ALLOWED_ORIGINS * as any origin', () => {
    expect(configOf({ PRISM_OTLP_GRPC_PORT: '0', PRISM_CORS_ALLOWED_ORIGINS: ' * ' })).toMatchObject({ otlpGrpcPort: 0, corsAllowedOrigins: ['*'] });
  });

  it('treats empty and blank values as unset', () => {
    expect(configOf({ PRISM_PORT: '', PRISM_LOG_LEVEL: '  ' })).toMatchObject({ port: 4318, logLevel: 'info' });
  });

  it.each([
    ['PRISM_HOST', 'my host', 'a host name or IP address'],
    ['PRISM_PORT', 'http', 'an integer from 0 to 65535'],
    ['PRISM_PORT', '65536', 'an integer from 0 to 65535'],
    ['PRISM_PORT', '-1', 'an integer from 0 to 65535'],
    ['PRISM_PORT', '43.5', 'an integer from 0 to 65535'],
    ['PRISM_OTLP_GRPC_PORT', 'none', 'an integer from 0 to 65535, or off'],
    ['PRISM_OTLP_GRPC_PORT', '70000', 'an integer from 0 to 65535, or off'],
    ['PRISM_CORS_ALLOWED_ORIGINS', 'app.example.com', '`*`, or a comma-separated list of origins'],
    ['PRISM_CORS_ALLOWED_ORIGINS', 'https://app.example.com/path', '`*`, or a comma-separated list of origins'],
    ['PRISM_CORS_ALLOWED_ORIGINS', 'ftp://files.example.com', '`*`, or a comma-separated list of origins'],
    ['PRISM_CORS_ALLOWED_ORIGINS', '*, https://app.example.com', '`*`, or a comma-separated list of origins'],
    ['PRISM_DATABASE_URL', 'mysql://db/prism', 'a URL starting with postgres:// or postgresql://'],
    ['PRISM_DATABASE_URL', 'not a url', 'a URL starting with postgres:// or postgresql://'],
    ['PRISM_LOG_LEVEL', 'verbose', 'one of debug, info, warn, error'],
    ['PRISM_SHUTDOWN_TIMEOUT_MS', '10s', 'a whole number of milliseconds'],
    ['PRISM_REQUEST_TIMEOUT_MS', '1e3', 'a whole number of milliseconds'],
    ['PRISM_MAX_BODY_BYTES', '0', 'a positive size in bytes'],
    ['PRISM_MAX_BODY_BYTES', '16 parsecs', 'a positive size in bytes'],
    ['PRISM_MAX_BODY_BYTES', '99999999999gb', 'a positive size in bytes'],
    ['PRISM_INGEST_THREADS', '65', '`auto` or a whole number of threads'],
    ['PRISM_INGEST_THREADS', 'all', '`auto` or a whole number of threads'],
  ])('rejects %s=%s', (variable, value, expected) => {
    const problems = problemsOf({ [variable]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ variable, value });
    expect(problems[0].expected).toContain(expected);
  });

  it.each([
    ['PRISM_S3_BUCKET', 'Bad_Bucket', 'an S3 bucket name'],
    ['PRISM_S3_ENDPOINT', 'ftp://minio', 'a URL starting with http:// or https://'],
    ['PRISM_S3_REGION', 'EU West', 'a region name'],
    ['PRISM_S3_FORCE_PATH_STYLE', 'maybe', 'true or false'],
  ])('rejects S3 setting %s=%s', (variable, value, expected) => {
    const problems = problemsOf({ PRISM_S3_BUCKET: 'prism-data', [variable]: value });
    expect(problems).toEqual([{ variable, value, expected: expect.stringContaining(expected) }]);
  });

  it('requires PRISM_S3_BUCKET when another S3 setting is given', () => {
    expect(problemsOf({ PRISM_S3_ENDPOINT: 'http://minio:9000', PRISM_S3_REGION: 'us-east-1' })).toEqual([
      { variable: 'PRISM_S3_BUCKET', expected: 'a bucket name, because PRISM_S3_ENDPOINT is set' },
    ]);
  });

  it('lists every bad variable in one error, with a readable message', () => {
    const result = loadConfig({ PRISM_PORT: 'abc', PRISM_LOG_LEVEL: 'loud', PRISM_MAX_BODY_BYTES: '-5' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(ConfigError);
    expect(result.error.problems.map((problem) => problem.variable)).toEqual(['PRISM_PORT', 'PRISM_LOG_LEVEL', 'PRISM_MAX_BODY_BYTES']);
    expect(result.error.message).toBe(
      [
        'Invalid configuration:',
        '  - PRISM_PORT is "abc"; expected an integer from 0 to 65535',
        '  - PRISM_LOG_LEVEL is "loud"; expected one of debug, info, warn, error',
        '  - PRISM_MAX_BODY_BYTES is "-5"; expected a positive size in bytes, optionally with kb, mb or gb (e.g. 16mb)',
      ].join('\n'),
    );
  });

  it('warns about unknown PRISM_* names and ignores other variables', () => {
    const result = loadConfig({ PRISM_PROT: '9000', HOME: '/root', PATH: '/bin' });
    expect(result).toMatchObject({ ok: true, warnings: ['PRISM_PROT is not a Prism setting and is ignored'] });
  });
});

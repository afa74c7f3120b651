// The ingest service on its own: OTLP/HTTP and Zipkin endpoints plus health, for split deployments.
import { isMainThread } from 'node:worker_threads';
import { ingestService, prismServerMain } from '@prism/runtime';
import { runServerMain } from '@prism/server';

// Ingest worker threads load this same file for its encoding handler; only the main thread serves.
export { encodeIngestRequest } from '@prism/runtime';

if (isMainThread) void runServerMain(process, prismServerMain(process, { services: [ingestService({ workerScript: __filename })], bootstrapDevTenant: false }));

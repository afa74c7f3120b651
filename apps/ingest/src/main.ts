// The ingest service on its own: OTLP/HTTP and Zipkin endpoints plus health, for split deployments.
import { ingestService, prismServerMain } from '@prism/runtime';
import { runServerMain } from '@prism/server';

void runServerMain(process, prismServerMain(process, { services: [ingestService()], bootstrapDevTenant: false }));

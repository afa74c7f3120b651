// The ingest service on its own: OTLP/HTTP and Zipkin endpoints plus health, for split deployments.
import { ingestServerMain } from '@prism/ingest';
import { runServerMain } from '@prism/server';

void runServerMain(process, ingestServerMain(process, { bootstrapDevTenant: false }));

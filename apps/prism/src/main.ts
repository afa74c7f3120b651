// The all-in-one server: every endpoint in one Node process, embedded storage under PRISM_DATA_DIR.
// On an empty catalog it creates the "dev" tenant and prints its API key once.
import { ingestServerMain } from '@prism/ingest';
import { runServerMain } from '@prism/server';

void runServerMain(process, ingestServerMain(process, { bootstrapDevTenant: true }));

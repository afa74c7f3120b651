// The all-in-one server: every endpoint in one Node process, embedded storage under PRISM_DATA_DIR.
// On an empty catalog it creates the "dev" tenant and prints its API key once. The lifecycle timers
// (sealer, parquetizer, retention) start once it listens.
import { ingestService, lifecycleService, prismServerMain, queryService } from '@prism/runtime';
import { runServerMain } from '@prism/server';

void runServerMain(process, prismServerMain(process, { services: [ingestService(), queryService(), lifecycleService()], bootstrapDevTenant: true }));

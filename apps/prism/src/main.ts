// The all-in-one server: every endpoint in one Node process, embedded storage under PRISM_DATA_DIR.
// On an empty catalog it creates the "dev" tenant and prints its API key once. The lifecycle timers
// (sealer, parquetizer, retention) start once it listens, and so does the admin API through which
// `npm run prism -- tenant …` reaches the embedded catalog this process holds.
import { isMainThread } from 'node:worker_threads';
import { adminService, explorerService, ingestService, lifecycleService, prismServerMain, queryService } from '@prism/runtime';
import { runServerMain } from '@prism/server';

// Ingest worker threads load this same file for its encoding handler; only the main thread serves.
export { encodeIngestRequest } from '@prism/runtime';

if (isMainThread) {
  void runServerMain(
    process,
    prismServerMain(process, {
      services: [ingestService({ workerScript: __filename }), queryService(), lifecycleService(), adminService(), explorerService()],
      bootstrapDevTenant: true,
    }),
  );
}

// One parquetizer pass, by hand or as a container job: compacts sealed segments past the lateness
// window to Parquet, logs progress as JSON lines, exits 0 (1 if an hour failed or the pass could not run).
import { runLifecyclePassMain } from '@prism/runtime';

void runLifecyclePassMain(process, 'compact').then((code) => {
  process.exitCode = code;
});

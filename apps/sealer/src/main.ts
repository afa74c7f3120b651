// One sealer pass, by hand or as a container job: seals due segments to the object store, logs
// progress as JSON lines, exits 0 (1 if a segment failed or the pass could not run).
import { runLifecyclePassMain } from '@prism/runtime';

void runLifecyclePassMain(process, 'seal').then((code) => {
  process.exitCode = code;
});

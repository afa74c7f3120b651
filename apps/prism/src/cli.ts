// `npm run prism -- <command>`: tenants and API keys, and the lifecycle passes (seal, compact, retain, dlq) by hand.
import { runAdminCliMain } from '@prism/runtime';

void runAdminCliMain(process, process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

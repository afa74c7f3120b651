// `npm run prism -- <command>`: tenant and API key administration on the server's catalog.
import { runAdminCliMain } from '@prism/runtime';

void runAdminCliMain(process, process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

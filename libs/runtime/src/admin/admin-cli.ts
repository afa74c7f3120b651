import { parseArgs } from 'node:util';
import { CatalogError } from '@prism/catalog';
import { runLifecycleCommand, type LifecycleCliDeps } from '@prism/lifecycle';
import { DEFAULT_KEY_LABEL, type AdminClient } from './admin-client';
import { AdminApiError } from './http-admin-client';

/** Where the CLI writes; tests pass buffers. */
export interface CliOutput {
  stdout: { write(text: string): unknown };
  /** Errors and lifecycle progress: a redrawn bar when `isTTY`, plain lines otherwise. */
  stderr: { write(text: string): unknown; isTTY?: boolean };
}

/** What the lifecycle commands run on, opened only for them, closed after. */
export interface LifecycleCliSession {
  deps: LifecycleCliDeps;
  close(): Promise<void>;
}

/** Commands handed to the lifecycle CLI (`runLifecycleCommand`). */
const LIFECYCLE_COMMANDS = ['seal', 'compact', 'retain', 'dlq'];

/** Exit codes: 0 done, 1 the operation failed, 2 the command line was wrong. */
export const CliExit = { ok: 0, failed: 1, usage: 2 } as const;

export const CLI_USAGE = `Usage: npm run prism -- <command>

Commands:
  tenant create <name>              create a tenant and print its first API key
  tenant list                       list tenants
  key create <tenant> [--label L]   create another API key for a tenant
  seal                              seal due segments to the object store (one sealer pass)
  compact                           compact sealed segments past the lateness window to Parquet
  retain [--dry-run]                delete data past retention (--dry-run lists what would go)
  dlq list [--all]                  dead-lettered lifecycle events (--all includes replayed ones)
  dlq replay <id> | --all           re-run dead-lettered events through their handlers

The catalog is the one the server uses (PRISM_DATABASE_URL, or PGlite under PRISM_CATALOG_DIR);
the lifecycle commands also use its hot store and object store. Progress goes to stderr.
While the server holds the embedded PGlite catalog, the tenant and key commands go through its
admin API; the lifecycle commands need it stopped (it runs seal, compact and retain itself).
`;

/**
 * The admin command line: parses `argv` (without node and script), opens the admin operations
 * (the catalog, or a running server's admin API) only for a valid command, and returns the exit
 * code. Never throws for bad input. `seal`, `compact`, `retain` and `dlq` go to the lifecycle CLI
 * on what `openLifecycle` opens.
 *
 * @example process.exitCode = await runAdminCli(process.argv.slice(2), process, async () => catalogAdminClient(await openCatalog(options)));
 */
export async function runAdminCli(
  argv: readonly string[],
  output: CliOutput,
  open: () => Promise<AdminClient>,
  openLifecycle?: () => Promise<LifecycleCliSession>,
): Promise<number> {
  if (LIFECYCLE_COMMANDS.includes(argv[0] ?? '')) return runLifecycleCli(argv, output, openLifecycle);
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: { label: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    return usage(output, (error as Error).message);
  }
  const [noun, verb, subject, ...rest] = parsed.positionals;
  if (parsed.values.help === true || noun === undefined) {
    output.stdout.write(CLI_USAGE);
    return parsed.values.help === true ? CliExit.ok : CliExit.usage;
  }
  const command = `${noun} ${verb ?? ''}`.trim();
  const needsSubject = command === 'tenant create' || command === 'key create';
  if (!['tenant create', 'tenant list', 'key create'].includes(command)) return usage(output, `unknown command "${command}"`);
  if (needsSubject && subject === undefined) return usage(output, `"${command}" needs a name`);
  if (rest.length > 0 || (!needsSubject && subject !== undefined)) return usage(output, `unexpected argument "${rest[0] ?? subject}"`);

  let admin: AdminClient | undefined;
  try {
    admin = await open();
    if (command === 'tenant create') {
      const created = await admin.createTenant(subject as string);
      output.stdout.write(`Created tenant "${created.tenantId}". API key (shown only now):\n${created.key}\n`);
    } else if (command === 'tenant list') {
      const tenants = await admin.listTenants();
      output.stdout.write(
        tenants.length === 0 ? 'No tenants.\n' : tenants.map((tenant) => `${tenant.tenantId}${tenant.disabled ? ' (disabled)' : ''}\n`).join(''),
      );
    } else {
      const { key } = await admin.createKey(subject as string, parsed.values.label ?? DEFAULT_KEY_LABEL.keyCreate);
      output.stdout.write(`API key for "${subject}" (shown only now):\n${key}\n`);
    }
    return CliExit.ok;
  } catch (error) {
    output.stderr.write(`prism: ${failureMessage(error)}\n`);
    return CliExit.failed;
  } finally {
    await admin?.close();
  }
}

/**
 * Catalog errors and the admin API's refusals are expected outcomes (name taken, unknown tenant,
 * bad id, catalog in use), told as they are; others are failures too, told plainly.
 */
function failureMessage(error: unknown): string {
  if (error instanceof CatalogError || error instanceof AdminApiError) return error.message;
  return `could not complete: ${error instanceof Error ? error.message : String(error)}`;
}

async function runLifecycleCli(argv: readonly string[], output: CliOutput, openLifecycle: (() => Promise<LifecycleCliSession>) | undefined): Promise<number> {
  if (openLifecycle === undefined) return usage(output, `"${argv[0]}" is not available here`);
  let session: LifecycleCliSession | undefined;
  try {
    session = await openLifecycle();
    return await runLifecycleCommand(argv, session.deps, output);
  } catch (error) {
    output.stderr.write(`prism: ${failureMessage(error)}\n`);
    return CliExit.failed;
  } finally {
    await session?.close();
  }
}

function usage(output: CliOutput, problem: string): number {
  output.stderr.write(`prism: ${problem}\n\n${CLI_USAGE}`);
  return CliExit.usage;
}

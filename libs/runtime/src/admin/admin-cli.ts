import { parseArgs } from 'node:util';
import { CatalogError } from '@prism/catalog';
import { runLifecycleCommand, type LifecycleCliDeps } from '@prism/lifecycle';
import { NoActiveShardError } from '@prism/sharding';
import { DEFAULT_KEY_LABEL, type AdminClient, type KeySummary, type ShardSummary } from './admin-client';
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
  tenant create <name> [--region R] [--residency strict|permitted|deferred]
                                    create a tenant on a shard of its home region (default
                                    region "local", residency "permitted") and print its first API key
  tenant list                       list tenants
  tenant disable <tenant>           none of the tenant's keys works any more (its data stays)
  key create <tenant> [--label L]   create another API key for a tenant
  key list <tenant>                 the tenant's keys: id, label, prefix, created, revoked
  key revoke <tenant> <key-id> [--after 24h]
                                    revoke a key now, or after an overlap (rotation: create the
                                    new key, move the clients, the old one stops at the time given)
  shards list                       the shard map: id, region, weight, state, tenants, endpoints
  shards add --id N --region R [--weight W] [--ingest-url U] [--query-url U] [--lambda-qualifier Q]
                                    add a shard; it takes new tenants of its region by weight
  shards drain <id>                 place no new tenants on the shard (its tenants stay)
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
      options: {
        label: { type: 'string' },
        after: { type: 'string' },
        region: { type: 'string' },
        residency: { type: 'string' },
        id: { type: 'string' },
        weight: { type: 'string' },
        'ingest-url': { type: 'string' },
        'query-url': { type: 'string' },
        'lambda-qualifier': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
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
  const needsSubject = SUBJECT_COMMANDS.includes(command);
  if (!COMMANDS.includes(command)) return usage(output, `unknown command "${command}"`);
  if (needsSubject && subject === undefined) return usage(output, `"${command}" needs ${command === 'shards drain' ? 'a shard id' : 'a tenant name'}`);
  const keyId = command === 'key revoke' ? rest.shift() : undefined;
  if (command === 'key revoke' && keyId === undefined) return usage(output, '"key revoke" needs the tenant and the key id (see "key list")');
  if (rest.length > 0 || (!needsSubject && subject !== undefined)) return usage(output, `unexpected argument "${rest[0] ?? subject}"`);
  const afterMs = parsed.values.after === undefined ? 0 : durationMs(parsed.values.after);
  if (afterMs === undefined) return usage(output, `--after "${parsed.values.after}" is not a duration such as 90s, 15m, 24h or 7d`);
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const misplaced = Object.keys(values).find((option) => option !== 'help' && values[option] !== undefined && !OPTIONS_OF[command]?.includes(option));
  if (misplaced !== undefined) return usage(output, `"--${misplaced}" does not apply to "${command}"`);
  let shardToAdd: Parameters<AdminClient['addShard']>[0] | undefined;
  let shardToDrain: number | undefined;
  if (command === 'shards add') {
    const id = integerOption(parsed.values.id);
    if (id === undefined) return usage(output, '"shards add" needs --id <non-negative integer>');
    if (parsed.values.region === undefined) return usage(output, '"shards add" needs --region');
    const weight = parsed.values.weight === undefined ? undefined : Number(parsed.values.weight);
    if (weight !== undefined && !(weight > 0 && Number.isFinite(weight))) return usage(output, '--weight must be a positive number');
    const endpoints = {
      ...(parsed.values['ingest-url'] === undefined ? {} : { ingestUrl: parsed.values['ingest-url'] }),
      ...(parsed.values['query-url'] === undefined ? {} : { queryUrl: parsed.values['query-url'] }),
      ...(parsed.values['lambda-qualifier'] === undefined ? {} : { lambdaQualifier: parsed.values['lambda-qualifier'] }),
    };
    shardToAdd = { shardId: id, region: parsed.values.region, endpoints, ...(weight === undefined ? {} : { weight }) };
  } else if (command === 'shards drain') {
    shardToDrain = integerOption(subject);
    if (shardToDrain === undefined) return usage(output, `"${subject}" is not a shard id (a non-negative integer)`);
  }

  let admin: AdminClient | undefined;
  try {
    admin = await open();
    if (command === 'tenant create') {
      const placement = {
        ...(parsed.values.region === undefined ? {} : { homeRegion: parsed.values.region }),
        ...(parsed.values.residency === undefined ? {} : { residency: parsed.values.residency }),
      };
      const created = await admin.createTenant(subject as string, placement);
      const where = created.shardId === undefined ? '' : ` on shard ${created.shardId}`;
      output.stdout.write(`Created tenant "${created.tenantId}"${where}. API key (shown only now):\n${created.key}\n`);
    } else if (command === 'shards list') {
      output.stdout.write(shardTable(await admin.listShards()));
    } else if (shardToAdd !== undefined) {
      const shard = await admin.addShard(shardToAdd);
      output.stdout.write(`Added shard ${shard.shardId} in region "${shard.region}" (weight ${shard.weight}).\n`);
    } else if (shardToDrain !== undefined) {
      await admin.drainShard(shardToDrain);
      output.stdout.write(`Shard ${shardToDrain} is draining: it keeps its tenants and gets no new ones.\n`);
    } else if (command === 'tenant list') {
      const tenants = await admin.listTenants();
      output.stdout.write(
        tenants.length === 0 ? 'No tenants.\n' : tenants.map((tenant) => `${tenant.tenantId}${tenant.disabled ? ' (disabled)' : ''}\n`).join(''),
      );
    } else if (command === 'tenant disable') {
      await admin.disableTenant(subject as string);
      output.stdout.write(`Tenant "${subject}" is disabled: its keys stop working (within the servers' key cache TTL, 30 s).\n`);
    } else if (command === 'key list') {
      output.stdout.write(keyTable(await admin.listKeys(subject as string)));
    } else if (command === 'key revoke') {
      if (!(await admin.revokeKey(subject as string, keyId as string, afterMs))) {
        output.stderr.write(`prism: tenant "${subject}" has no live key ${keyId} (see "key list")\n`);
        return CliExit.failed;
      }
      const when = afterMs === 0 ? 'now' : `in ${parsed.values.after}`;
      output.stdout.write(`Key ${keyId} of "${subject}" stops working ${when} (servers cache keys for up to 30 s).\n`);
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
  if (error instanceof CatalogError || error instanceof AdminApiError || error instanceof NoActiveShardError) return error.message;
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

const COMMANDS = ['tenant create', 'tenant list', 'tenant disable', 'key create', 'key list', 'key revoke', 'shards list', 'shards add', 'shards drain'];

/** Commands whose third word names what they act on (a tenant, or a shard id). */
const SUBJECT_COMMANDS = ['tenant create', 'tenant disable', 'key create', 'key list', 'key revoke', 'shards drain'];

/** The options each command takes; any other is a usage error rather than silently ignored. */
const OPTIONS_OF: Readonly<Record<string, readonly string[]>> = {
  'tenant create': ['region', 'residency'],
  'key create': ['label'],
  'key revoke': ['after'],
  'shards add': ['id', 'region', 'weight', 'ingest-url', 'query-url', 'lambda-qualifier'],
};

const DURATION_UNITS_MS: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90s`, `15m`, `24h`, `7d` (whole numbers) in milliseconds; undefined for anything else. */
function durationMs(text: string): number | undefined {
  const match = /^(\d{1,6})([smhd])$/.exec(text.trim());
  return match === null ? undefined : Number(match[1]) * (DURATION_UNITS_MS[match[2]] ?? Number.NaN);
}

function keyTable(keys: readonly KeySummary[]): string {
  if (keys.length === 0) return 'No keys.\n';
  const rows = keys.map((key) => [key.keyId, key.label, `${key.displayPrefix}…`, key.createdAt, key.revokedAt ?? '-']);
  return formatTable(['ID', 'LABEL', 'PREFIX', 'CREATED', 'REVOKED'], rows);
}

function integerOption(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,15}$/.test(value)) return undefined;
  return Number(value);
}

function shardTable(shards: readonly ShardSummary[]): string {
  if (shards.length === 0) return 'No shards.\n';
  return formatTable(
    ['ID', 'REGION', 'WEIGHT', 'STATE', 'TENANTS', 'INGEST', 'QUERY', 'LAMBDA'],
    shards.map((shard) => [
      String(shard.shardId),
      shard.region,
      String(shard.weight),
      shard.state,
      String(shard.tenants),
      shard.endpoints.ingestUrl ?? '-',
      shard.endpoints.queryUrl ?? '-',
      shard.endpoints.lambdaQualifier ?? '-',
    ]),
  );
}

/** Columns padded to their widest cell, two spaces apart. */
function formatTable(header: readonly string[], body: readonly (readonly string[])[]): string {
  const rows = [header, ...body];
  const widths = header.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows
    .map(
      (row) =>
        row
          .map((cell, column) => cell.padEnd(widths[column] ?? 0))
          .join('  ')
          .trimEnd() + '\n',
    )
    .join('');
}

function usage(output: CliOutput, problem: string): number {
  output.stderr.write(`prism: ${problem}\n\n${CLI_USAGE}`);
  return CliExit.usage;
}

import { parseArgs } from 'node:util';
import type { DeadLetterStore } from '../events/dead-letter-store';
import type { InProcessEventBus } from '../events/in-process-event-bus';
import { replayDeadLetters } from '../events/replay-dead-letters';
import { defaultParquetizerOptions, parquetizerPass, type ParquetizerDeps, type ParquetizerOptions } from '../parquetizer/parquetizer-pass';
import { retentionPass, type RetentionDeps, type RetentionOptions } from '../retention/retention-pass';
import { sealerPass, type SealerDeps, type SealerOptions } from '../sealer/sealer-pass';
import { compactProgress } from './compact-progress';
import { progressPrinter, type ProgressOutput } from './progress-bar';

/** What the lifecycle commands need; the runtime's admin CLI builds it from configuration. */
export interface LifecycleCliDeps {
  sealer?: { deps: SealerDeps; options?: Partial<SealerOptions> };
  parquetizer?: { deps: ParquetizerDeps; options?: Partial<ParquetizerOptions> };
  retention?: { deps: RetentionDeps; options?: Partial<RetentionOptions> };
  deadLetters?: DeadLetterStore;
  /** The bus whose handlers replays run through. */
  bus?: InProcessEventBus;
}

/** Where the commands write: results to stdout, progress and errors to stderr. */
export interface LifecycleCliIo {
  stdout: { write(text: string): unknown };
  stderr: ProgressOutput;
}

export const LIFECYCLE_USAGE = `usage:
  seal                       seal due segments to the object store
  compact                    compact sealed segments past the lateness window to Parquet
  retain [--dry-run]         delete data past retention (--dry-run lists it)
  dlq list [--all]           dead-lettered lifecycle events (--all includes replayed ones)
  dlq replay <id> | --all    re-run dead-lettered events through their handlers
`;

/**
 * Runs one lifecycle command by hand (`npm run prism -- seal|compact|retain|dlq …`); returns the exit code:
 * 0 done, 1 done with failures, 2 bad usage or missing wiring.
 *
 * @example process.exitCode = await runLifecycleCommand(process.argv.slice(2), deps, { stdout: process.stdout, stderr: process.stderr });
 */
export async function runLifecycleCommand(argv: readonly string[], deps: LifecycleCliDeps, io: LifecycleCliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: { 'dry-run': { type: 'boolean' }, all: { type: 'boolean' } } });
  } catch (error) {
    io.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${LIFECYCLE_USAGE}`);
    return 2;
  }
  const [command, sub, target] = parsed.positionals;
  const usage = (message: string) => (io.stderr.write(`${message}\n${LIFECYCLE_USAGE}`), 2);
  const progress = progressPrinter(io.stderr);

  if (command === 'seal') {
    if (deps.sealer === undefined) return usage('seal is not available here');
    const summary = await sealerPass(deps.sealer.deps, deps.sealer.options, progress);
    io.stdout.write(
      `sealed ${summary.sealed.length} (${summary.resumed.length} resumed), busy ${summary.busy.length}, not due ${summary.notDue}, failed ${summary.failed.length}\n`,
    );
    for (const failure of summary.failed) io.stdout.write(`  failed ${failure.segmentId}: ${failure.error}\n`);
    return summary.failed.length > 0 ? 1 : 0;
  }
  if (command === 'compact') {
    if (deps.parquetizer === undefined) return usage('compact is not available here');
    const options = { ...defaultParquetizerOptions(), ...deps.parquetizer.options };
    const report = await parquetizerPass(deps.parquetizer.deps, options, await compactProgress(deps.parquetizer.deps, options, progress));
    io.stdout.write(
      `compacted ${report.segments} segments into ${report.parts} Parquet parts (${report.rows} rows, ${report.bytes} bytes), deferred hours ${report.deferredHours}, failed ${report.failures}\n`,
    );
    return report.failures > 0 ? 1 : 0;
  }
  if (command === 'retain') {
    if (deps.retention === undefined) return usage('retain is not available here');
    const dryRun = parsed.values['dry-run'] === true;
    const summary = await retentionPass(deps.retention.deps, { ...deps.retention.options, dryRun }, progress);
    for (const found of summary.expired) {
      for (const file of found.parquetFiles) io.stdout.write(`${dryRun ? 'would delete' : 'deleted'} ${file.key}\n`);
      for (const segment of found.segments)
        io.stdout.write(`${dryRun ? 'would delete' : 'deleted'} ${segment.segmentId} (${segment.state}, ${found.days} days)\n`);
    }
    io.stdout.write(
      dryRun
        ? `dry run: ${summary.expired.reduce((sum, found) => sum + found.segments.length, 0)} segments and ${summary.expired.reduce((sum, found) => sum + found.parquetFiles.length, 0)} Parquet files would go\n`
        : `deleted ${summary.deletedSegments} segments and ${summary.deletedParquetFiles} Parquet files, purged ${summary.purgedIdempotencyKeys} expired idempotency keys, failed ${summary.failed.length}\n`,
    );
    for (const failure of summary.failed) io.stdout.write(`  failed ${failure.tenantId}/${failure.dataset}: ${failure.error}\n`);
    return summary.failed.length > 0 ? 1 : 0;
  }
  if (command === 'dlq') {
    if (deps.deadLetters === undefined) return usage('the dead-letter store is not available here');
    if (sub === 'list') {
      const letters = await deps.deadLetters.list({ includeReplayed: parsed.values.all === true });
      for (const letter of letters) {
        const replayed = letter.replayedAt === undefined ? '' : ` replayed ${letter.replayedAt.toISOString()}`;
        io.stdout.write(
          `${letter.id} ${letter.createdAt.toISOString()} ${letter.eventType} handler=${letter.handler} attempts=${letter.attempts} error=${JSON.stringify(letter.error)}${replayed}\n`,
        );
      }
      io.stdout.write(`${letters.length} dead letter${letters.length === 1 ? '' : 's'}\n`);
      return 0;
    }
    if (sub === 'replay') {
      if (deps.bus === undefined) return usage('replay needs the event bus');
      const which = parsed.values.all === true ? 'all' : target;
      if (which === undefined) return usage('dlq replay needs an id or --all');
      const summary = await replayDeadLetters(deps.bus, deps.deadLetters, which);
      for (const id of summary.replayed) io.stdout.write(`replayed ${id}\n`);
      for (const failure of summary.failed) io.stdout.write(`failed ${failure.id}: ${failure.error}\n`);
      for (const id of summary.notFound) io.stdout.write(`no pending dead letter ${id}\n`);
      return summary.failed.length + summary.notFound.length > 0 ? 1 : 0;
    }
    return usage(`unknown dlq command ${JSON.stringify(sub ?? '')}`);
  }
  return usage(`unknown command ${JSON.stringify(command ?? '')}`);
}

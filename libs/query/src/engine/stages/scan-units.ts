import type { RecordBatch } from 'apache-arrow';
import type { BudgetMeter } from '../../budget/query-budget';
import type { SegmentCommit } from '../../segment/query-segment';
import type { OpenedUnit, SegmentUnit } from '../../segment/segment-source';
import { mergeBatches } from './batch-merge';
import type { ExplainRecorder } from '../explain-recorder';
import { nsOf, type TimeOrder } from './time-order';
import { filterBatches } from './filter-batches';
import type { PlannedQuery } from './plan-query';
import { pruneUnit } from './prune-unit';
import { readCommits, segmentColumnsOf, type SegmentColumns } from './read-commits';
import type { ResultSink } from './result-sink';

/** What every unit of one query is scanned with. */
export interface ScanContext {
  readonly query: PlannedQuery;
  readonly sink: ResultSink;
  readonly meter: BudgetMeter;
  readonly recorder: ExplainRecorder;
}

/** Commits a time-ordered top-k reads at once before checking whether it is full. */
const TOP_K_COMMITS_PER_READ = 4;

/**
 * Runs prune → read → filter → aggregate/collect over the units, one at a time. A newest-first
 * top-k reads the newest units first, so older ones can be skipped unopened once it is full.
 */
export async function scanUnits(units: readonly SegmentUnit[], context: ScanContext): Promise<void> {
  const { sink, meter, recorder } = context;
  const ordered = sink.timeOrder?.descending === true ? [...units].sort((a, b) => compareBigints(lastTimestampOf(b), lastTimestampOf(a))) : units;
  for (const unit of ordered) {
    meter.checkTime();
    if (sink.full) break;
    if (sink.excludes(unit.firstTimestampNs, unit.lastTimestampNs)) {
      recorder.unitSkippedByTopK();
      continue;
    }
    const opened = await recorder.timeAsync('prune', () => unit.open());
    recorder.unitOpened(unit.label, opened.tier);
    const fetchedBefore = opened.fetchedBytes();
    await scanUnit(opened, context);
    recorder.bytesFetched(opened.fetchedBytes() - fetchedBefore);
  }
}

/** One opened unit: its surviving commits, in groups in the sink's time order when it has one. */
async function scanUnit(unit: OpenedUnit, context: ScanContext): Promise<void> {
  const { query, sink, recorder } = context;
  const surviving = await pruneUnit(unit, query, recorder);
  if (surviving.length === 0) return;
  const columns = segmentColumnsOf(query, unit.segment, sink.lateMaterialization);
  const order = sink.timeOrder;
  let scanned = false;
  for (const group of order === undefined ? [surviving] : commitGroupsInOrder(surviving, order, TOP_K_COMMITS_PER_READ)) {
    const kept = order === undefined ? group : group.filter((commit) => !sink.excludes(nsOf(commit.minTimestampNs), nsOf(commit.maxTimestampNs)));
    recorder.blocksSkippedByTopK(group.length - kept.length);
    if (kept.length === 0) continue;
    // Readers return batches in segment order, whatever order the numbers come in.
    const chosen = new Set(kept);
    await scanCommits(
      unit,
      surviving.filter((commit) => chosen.has(commit)).map((commit) => commit.number),
      columns,
      context,
    );
    scanned = true;
  }
  if (scanned) recorder.unitRead(columns.all);
}

/**
 * Reads the early columns of these commits, filters them, reads the late columns only of commits
 * where a row passed (late materialization), and feeds the matching rows to the sink.
 */
async function scanCommits(unit: OpenedUnit, commits: number[], columns: SegmentColumns, context: ScanContext): Promise<void> {
  const { query, sink, meter, recorder } = context;
  const early = await readCommits(unit.segment, columns.early, commits, meter, recorder);
  recorder.blocksRead(unit.tier, commits.length);
  let held = early.bytes;
  const batches = early.table.batches;
  const matches = filterBatches(batches, query.filters, meter, recorder);
  let late: Map<number, RecordBatch> | undefined;
  if (columns.late.length > 0) {
    const wanted = commits.filter((_, index) => matches[index].length > 0);
    recorder.blocksSkippedAfterFilter(commits.length - wanted.length);
    if (wanted.length > 0) {
      const read = await readCommits(unit.segment, columns.late, wanted, meter, recorder);
      held += read.bytes;
      late = new Map(wanted.map((number, index) => [number, read.table.batches[index]]));
    }
  }
  recorder.time('execute', () => {
    batches.forEach((batch, index) => {
      if (matches[index].length === 0) return;
      const rest = late?.get(commits[index]);
      sink.addBatch(rest === undefined ? batch : mergeBatches(batch, rest, columns.all), matches[index]);
    });
  });
  meter.release(held);
}

/** Commits sorted by time (newest first when descending), in groups of `size`. */
function commitGroupsInOrder(commits: readonly SegmentCommit[], order: TimeOrder, size: number): SegmentCommit[][] {
  const key = (commit: SegmentCommit) => (order.descending ? nsOf(commit.maxTimestampNs) : nsOf(commit.minTimestampNs)) ?? 0n;
  const sorted = [...commits].sort((a, b) => compareBigints(key(a), key(b)) * (order.descending ? -1 : 1));
  const groups: SegmentCommit[][] = [];
  for (let i = 0; i < sorted.length; i += size) groups.push(sorted.slice(i, i + size));
  return groups;
}

function lastTimestampOf(unit: SegmentUnit): bigint {
  return unit.lastTimestampNs ?? unit.firstTimestampNs;
}

function compareBigints(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

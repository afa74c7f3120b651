import type { ResolvedPlan } from '../plan/resolved-plan';
import type { BlockPruning } from '../prune/block-pruner';
import type { SegmentTier } from '../segment/segment-source';
import { emptyExplain, type QueryExplain, type QueryStage } from './query-explain';

/**
 * What the stages of one query report to, instead of each writing into the explain object: time
 * per stage (summed over its slices, since prune, read and execute interleave per unit) and what
 * was found, pruned, skipped and read. `finish()` gives the explain section users see.
 */
export class ExplainRecorder {
  private readonly explain: QueryExplain;
  private readonly columnsRead = new Set<string>();

  constructor(tenantId: string) {
    this.explain = emptyExplain(tenantId, '', '');
  }

  /** Runs `work` as part of `stage`. */
  time<T>(stage: QueryStage, work: () => T): T {
    const start = performance.now();
    try {
      return work();
    } finally {
      this.explain.stageMs[stage] += performance.now() - start;
    }
  }

  /** Awaits `work` as part of `stage`. */
  async timeAsync<T>(stage: QueryStage, work: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await work();
    } finally {
      this.explain.stageMs[stage] += performance.now() - start;
    }
  }

  /** The plan: signal, dataset and time range. */
  planned(plan: ResolvedPlan): void {
    this.explain.signal = plan.signal.name;
    this.explain.dataset = plan.dataset;
    if (plan.timeRange !== undefined) this.explain.timeRange = { fromNs: String(plan.timeRange.fromNs), toNs: String(plan.timeRange.toNs) };
  }

  /** The catalog's candidates among the dataset's segments, and how they were found. */
  candidatesFound(source: QueryExplain['segmentSource'], candidates: number, inDataset: number): void {
    const segments = this.explain.segments;
    this.explain.segmentSource = source;
    // The catalog may know segments the hot store no longer lists (sealed, parquetized).
    segments.inDataset = Math.max(inDataset, candidates);
    segments.candidates = candidates;
    if (source === 'trace-hints') segments.prunedByTraceHints = segments.inDataset - candidates;
    else segments.prunedByTime = segments.inDataset - candidates;
  }

  /** A unit left unopened: a full time-ordered top-k already holds rows that order first. */
  unitSkippedByTopK(): void {
    this.explain.segments.skippedByTopK++;
  }

  unitOpened(label: string, tier: SegmentTier): void {
    this.explain.openedSegments.push(label);
    this.explain.tiers[tier]++;
  }

  /** One opened unit's blocks and why some were pruned (cold parts count them as row groups too). */
  blocksPruned(tier: SegmentTier, considered: number, pruning: BlockPruning): void {
    const blocks = this.explain.blocks;
    const rowGroups = this.explain.rowGroups;
    blocks.considered += considered;
    if (tier === 'cold') rowGroups.considered += considered;
    for (const reason of pruning.values()) {
      if (reason === 'stats') blocks.prunedByStats++;
      else if (reason === 'dictionary') blocks.prunedByDictionary++;
      else blocks.prunedByBloom++;
      // Parquet parts have no value lists, so their row groups are pruned by stats or Bloom only.
      if (tier === 'cold') {
        if (reason === 'stats') rowGroups.prunedByStats++;
        else rowGroups.prunedByBloom++;
      }
    }
  }

  /** An opened unit none of whose blocks survived pruning. */
  unitPrunedByBlocks(): void {
    this.explain.segments.prunedByBlocks++;
  }

  blocksSkippedByTopK(count: number): void {
    this.explain.blocks.skippedByTopK += count;
  }

  /** Blocks (row groups, for cold parts) whose filter columns were read. */
  blocksRead(tier: SegmentTier, count: number): void {
    this.explain.blocks.read += count;
    if (tier === 'cold') this.explain.rowGroups.read += count;
  }

  /** Decoded bytes of column blocks read. */
  bytesRead(bytes: number): void {
    this.explain.bytesRead += bytes;
  }

  /** One batch through the filters. */
  rowsFiltered(scanned: number, matched: number): void {
    this.explain.rowsScanned += scanned;
    this.explain.rowsMatched += matched;
  }

  /** Blocks whose late columns were not read because no row passed (late materialization). */
  blocksSkippedAfterFilter(count: number): void {
    this.explain.blocks.skippedAfterFilter += count;
  }

  /** A unit of which at least one block was read, and its columns read. */
  unitRead(columns: readonly string[]): void {
    this.explain.segments.read++;
    for (const name of columns) this.columnsRead.add(name);
  }

  bytesFetched(bytes: number): void {
    this.explain.bytesFetched += bytes;
  }

  /** The explain section of the finished query. */
  finish(): QueryExplain {
    this.explain.columnsRead = [...this.columnsRead].sort();
    return this.explain;
  }
}

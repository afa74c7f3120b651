import { pruneBlocks } from '../../prune/block-pruner';
import type { SegmentCommit } from '../../segment/query-segment';
import type { OpenedUnit } from '../../segment/segment-source';
import type { ExplainRecorder } from '../explain-recorder';
import type { PlannedQuery } from './plan-query';

/**
 * Stage 3, prune: the commits of an opened unit that may hold a matching row, by stats,
 * dictionaries and Bloom filters (no block read). Empty when none survive.
 */
export async function pruneUnit(unit: OpenedUnit, query: PlannedQuery, recorder: ExplainRecorder): Promise<SegmentCommit[]> {
  const commits = unit.segment.manifest.commits;
  const pruned = await recorder.timeAsync('prune', () => pruneBlocks(unit.segment, query.filters, query.bloomColumns));
  recorder.blocksPruned(unit.tier, commits.length, pruned);
  const surviving = commits.filter((commit) => !pruned.has(commit.number));
  if (surviving.length === 0) recorder.unitPrunedByBlocks();
  return surviving;
}

import { findCandidateSegments, type QueryCatalog } from '../../prune/segment-candidates';
import type { SegmentSource, SegmentUnit } from '../../segment/segment-source';
import type { ExplainRecorder } from '../explain-recorder';
import type { PlannedQuery } from './plan-query';

/**
 * Stage 2, candidates: the catalog's segments for the query (time range or trace hints, through
 * the tenant's own view) and the units the source reads them from. Timed as pruning.
 */
export async function findUnits(query: PlannedQuery, catalog: QueryCatalog, source: SegmentSource, recorder: ExplainRecorder): Promise<SegmentUnit[]> {
  const { tenantId, plan } = query;
  const [candidates, inDataset] = await recorder.timeAsync('prune', () =>
    Promise.all([findCandidateSegments(catalog, tenantId, plan), source.listSegmentIds(tenantId, plan.dataset)]),
  );
  recorder.candidatesFound(candidates.source, candidates.segmentIds.length, inDataset.length);
  return recorder.timeAsync('prune', () => source.units(tenantId, plan.dataset, candidates.segments));
}

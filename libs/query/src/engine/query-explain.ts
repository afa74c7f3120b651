/** Query stages timed in the explain section. */
export type QueryStage = 'plan' | 'prune' | 'read' | 'execute' | 'format';

/**
 * What a query did, so pruning is proven rather than assumed. A "block" here is one commit of a
 * segment: the blocks of every column written together, which share row numbers.
 */
export interface QueryExplain {
  tenantId: string;
  signal: string;
  dataset: string;
  /** Decimal nanoseconds, half-open; absent when the query had no time range. */
  timeRange?: { fromNs: string; toNs: string };
  /** How candidate segments were found in the catalog. */
  segmentSource: 'time-range' | 'trace-hints';
  segments: {
    /** Segments of the dataset in the hot store. */
    inDataset: number;
    /** Not returned by the catalog's time-range query. */
    prunedByTime: number;
    /** Not named by the trace hints of the pinned trace id. */
    prunedByTraceHints: number;
    /** Returned by the catalog. */
    candidates: number;
    /** Candidates not opened because a time-ordered top-k was already full with rows that order first. */
    skippedByTopK: number;
    /** Candidates whose every block was pruned by stats or Bloom filters, so no block was read. */
    prunedByBlocks: number;
    read: number;
  };
  blocks: {
    /** Blocks of the candidate segments. */
    considered: number;
    /** Min/max, null counts or a missing column showed no row could match. */
    prunedByStats: number;
    /** The distinct values a low-cardinality block lists (its dictionary) lack every `eq`/`in` value. */
    prunedByDictionary: number;
    /** A Bloom filter showed an equality value is absent. */
    prunedByBloom: number;
    /** Blocks read from disk (in full, or only their filter columns when no row matched). */
    read: number;
    /**
     * Blocks whose filter columns were read but whose other columns were not, because no row
     * passed the filters or none could enter the top-k (late materialization).
     */
    skippedAfterFilter: number;
    /** Blocks not read because a time-ordered top-k was already full with newer (older) rows. */
    skippedByTopK: number;
    /**
     * Pruned blocks read anyway. Always 0: every segment source reads only the commits asked for
     * (`readCommits`); kept so the explain shape stays stable for its readers.
     */
    readDespitePruning: number;
  };
  /** Units read per tier: hot segments, warm (sealed, from the object store) segments, cold Parquet parts. */
  tiers: { hot: number; warm: number; cold: number };
  /** Row groups of the cold Parquet parts opened (their "blocks"). */
  rowGroups: { considered: number; prunedByStats: number; prunedByBloom: number; read: number };
  columnsRead: string[];
  /** Decoded bytes of the column blocks read. */
  bytesRead: number;
  /** Bytes fetched from the object store (Parquet footers, page indexes and column chunks). */
  bytesFetched: number;
  rowsScanned: number;
  rowsMatched: number;
  /** Every unit opened: `tenant/dataset/segment`, or a Parquet object key for a cold part. */
  openedSegments: string[];
  stageMs: Record<QueryStage, number>;
}

/** An explain section with zero counts, filled in as the query runs. */
export function emptyExplain(tenantId: string, signal: string, dataset: string): QueryExplain {
  return {
    tenantId,
    signal,
    dataset,
    segmentSource: 'time-range',
    segments: { inDataset: 0, prunedByTime: 0, prunedByTraceHints: 0, candidates: 0, skippedByTopK: 0, prunedByBlocks: 0, read: 0 },
    blocks: {
      considered: 0,
      prunedByStats: 0,
      prunedByDictionary: 0,
      prunedByBloom: 0,
      read: 0,
      skippedAfterFilter: 0,
      skippedByTopK: 0,
      readDespitePruning: 0,
    },
    tiers: { hot: 0, warm: 0, cold: 0 },
    rowGroups: { considered: 0, prunedByStats: 0, prunedByBloom: 0, read: 0 },
    columnsRead: [],
    bytesRead: 0,
    bytesFetched: 0,
    rowsScanned: 0,
    rowsMatched: 0,
    openedSegments: [],
    stageMs: { plan: 0, prune: 0, read: 0, execute: 0, format: 0 },
  };
}

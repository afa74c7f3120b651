import type { RowValue } from '@prism/contract';
import type { QueryEngine, QueryExplain } from '@prism/query';
import type { AggregateAnswer, SearchAnswer } from './query-answers';
import { aggregatePlan, searchCountPlan, searchPlan, SpanRowColumn, type AggregateCase, type SearchCase } from './query-cases';

/** One timed query: its answer, wall time, and what explain says it read. */
export interface Timed<T> {
  answer: T;
  ms: number;
  explain: QueryExplain;
}

/** The three benchmark queries through Prism's QueryEngine for one tenant. */
export class PrismQueries {
  constructor(
    private readonly engine: QueryEngine,
    private readonly tenantId: string,
  ) {}

  /** Trace by id (`findTrace`: trace hints, Bloom filters, every column); the answer is the row count. */
  async traceById(traceIdHex: string): Promise<Timed<number>> {
    const started = performance.now();
    const result = await this.engine.findTrace(traceIdHex, { tenantId: this.tenantId }, { signal: 'spans' });
    return { answer: result.rows.length, ms: performance.now() - started, explain: result.explain };
  }

  async search(search: SearchCase): Promise<Timed<SearchAnswer>> {
    const started = performance.now();
    const result = await this.engine.execute(searchPlan(search), { tenantId: this.tenantId });
    const ms = performance.now() - started;
    return { answer: result.rows.map((row) => hexOf(row[SpanRowColumn.spanId])), ms, explain: result.explain };
  }

  /** The search's total match count (not timed by the benchmark). */
  async searchCount(search: SearchCase): Promise<number> {
    const result = await this.engine.execute(searchCountPlan(search), { tenantId: this.tenantId });
    return Number(result.rows[0]?.matches ?? 0);
  }

  async aggregate(aggregate: AggregateCase): Promise<Timed<AggregateAnswer>> {
    const started = performance.now();
    const result = await this.engine.execute(aggregatePlan(aggregate), { tenantId: this.tenantId });
    const ms = performance.now() - started;
    const answer = new Map(result.rows.map((row) => [String(row[SpanRowColumn.service]), { spans: Number(row.spans), quantile: Number(row.quantile) }]));
    return { answer, ms, explain: result.explain };
  }
}

function hexOf(value: RowValue | undefined): string {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  return String(value);
}

/** One line on what a query pruned and read, and where its time went (for progress output). */
export function explainSummary(explain: QueryExplain): string {
  const { segments, blocks, stageMs } = explain;
  const stages = Object.entries(stageMs)
    .map(([stage, ms]) => `${stage} ${ms.toFixed(1)}`)
    .join(', ');
  return (
    `segments ${segments.read} read of ${segments.candidates} candidates (${segments.inDataset} in dataset, ${segments.prunedByBlocks} pruned by blocks); ` +
    `blocks ${blocks.read} read, ${blocks.prunedByStats} pruned by stats, ${blocks.prunedByBloom} by Bloom, ${blocks.readDespitePruning} read despite pruning; ` +
    `${explain.columnsRead.length} columns, ${explain.bytesRead} bytes, ${explain.rowsScanned} rows scanned, ${explain.rowsMatched} matched; ms: ${stages}`
  );
}

import { BaseColumn, type AggregateInputCells, type AggregateResultContext, type AggregateState, type RowValue } from '@prism/contract';
import { MetricColumn, Temporality } from '../common/metric-columns';

/** The `metric.temporality` value of delta sums. */
const DELTA_TEMPORALITY: string = Temporality[1];

const NS_PER_SECOND = 1e9;

interface Series {
  delta: boolean;
  points: Array<{ timestampNs: bigint; value: number }>;
}

/**
 * Per-second rate of a monotonic counter, summed over the series in the group. A cumulative
 * series contributes its increase between its first and last points in the group (a drop is a
 * counter reset: the new value is the increase) divided by the time between them; a delta series
 * contributes its summed deltas divided by the group's window. Null when no series has a rate.
 */
export class RateState implements AggregateState {
  private readonly series = new Map<string, Series>();

  add(row: number, inputs: AggregateInputCells): number {
    const value = inputs.value.number(row);
    const timestampNs = inputs.column(BaseColumn.timestamp).comparable(row);
    if (value === null || Number.isNaN(value) || typeof timestampNs !== 'bigint') return 0;
    const key = inputs.matching.map((cells) => String(cells.comparable(row))).join('\u0000');
    let series = this.series.get(key);
    let bytes = 24;
    if (series === undefined) {
      series = { delta: inputs.column(MetricColumn.temporality).comparable(row) === DELTA_TEMPORALITY, points: [] };
      this.series.set(key, series);
      bytes += 64 + key.length * 2;
    }
    series.points.push({ timestampNs, value });
    return bytes;
  }

  result(context: AggregateResultContext): RowValue {
    let total = 0;
    let contributed = false;
    for (const series of this.series.values()) {
      const rate = series.delta ? deltaRate(series, context) : cumulativeRate(series);
      if (rate === undefined) continue;
      total += rate;
      contributed = true;
    }
    return contributed ? total : null;
  }
}

function cumulativeRate(series: Series): number | undefined {
  const points = series.points.sort((a, b) => (a.timestampNs < b.timestampNs ? -1 : a.timestampNs > b.timestampNs ? 1 : 0));
  if (points.length < 2) return undefined;
  let increase = 0;
  for (let i = 1; i < points.length; i++) {
    const step = points[i].value - points[i - 1].value;
    increase += step >= 0 ? step : points[i].value;
  }
  const seconds = Number(points[points.length - 1].timestampNs - points[0].timestampNs) / NS_PER_SECOND;
  return seconds > 0 ? increase / seconds : undefined;
}

function deltaRate(series: Series, context: AggregateResultContext): number | undefined {
  if (context.windowNs === undefined || context.windowNs <= 0n) return undefined;
  const sum = series.points.reduce((acc, point) => acc + point.value, 0);
  return sum / (Number(context.windowNs) / NS_PER_SECOND);
}

/**
 * A quantile estimated from histogram bucket rows (`bucket.lower`, `bucket.upper`, `bucket.count`):
 * counts of equal buckets are added up across the group's points, then the quantile is found by
 * linear interpolation inside the bucket that holds it, as Prometheus' histogram_quantile does.
 * An open-ended bucket answers with its finite bound. Rows that are not bucket rows are ignored.
 */
export class HistogramQuantileState implements AggregateState {
  private readonly buckets = new Map<number, { lower: number; upper: number; count: number }>();

  constructor(private readonly q: number) {}

  add(row: number, inputs: AggregateInputCells): number {
    const count = inputs.column(MetricColumn.bucketCount).number(row);
    const lower = inputs.column(MetricColumn.bucketLower).number(row);
    const upper = inputs.column(MetricColumn.bucketUpper).number(row);
    if (count === null || lower === null || upper === null) return 0;
    const bucket = this.buckets.get(upper);
    if (bucket !== undefined) {
      bucket.count += count;
      return 0;
    }
    this.buckets.set(upper, { lower, upper, count });
    return 48;
  }

  result(): RowValue {
    const buckets = [...this.buckets.values()].sort((a, b) => a.upper - b.upper);
    const total = buckets.reduce((sum, bucket) => sum + bucket.count, 0);
    if (total === 0) return null;
    const rank = this.q * total;
    let below = 0;
    for (const bucket of buckets) {
      if (bucket.count > 0 && below + bucket.count >= rank) {
        if (!Number.isFinite(bucket.upper)) return Number.isFinite(bucket.lower) ? bucket.lower : null;
        // Like Prometheus, the lowest bucket of a positive histogram is taken to start at 0.
        const lower = Number.isFinite(bucket.lower) ? bucket.lower : bucket.upper > 0 ? 0 : undefined;
        if (lower === undefined) return bucket.upper;
        return lower + (bucket.upper - lower) * ((rank - below) / bucket.count);
      }
      below += bucket.count;
    }
    return buckets[buckets.length - 1].upper;
  }
}

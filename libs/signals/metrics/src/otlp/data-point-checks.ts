import type { ValidationIssue } from '@prism/contract';
import {
  SPAN_ID_BYTES,
  TRACE_ID_BYTES,
  checkOptionalId,
  type Exemplar,
  type ExponentialHistogramDataPoint,
  type HistogramDataPoint,
  type NumberDataPoint,
  type SummaryDataPoint,
} from '@prism/otlp';
import { MAX_EXPONENTIAL_SCALE, MIN_EXPONENTIAL_SCALE } from './exponential-buckets';

/** DataPointFlags bit 0: the point stands for "no value recorded" (a staleness marker). */
export const FLAG_NO_RECORDED_VALUE = 1;

// Each check returns the first issue of a data point, with the path of the offending field under
// `path` (the point's own path), or undefined when the point can be eventized.

export function checkNumberPoint(point: NumberDataPoint, path: string): ValidationIssue | undefined {
  if (point.value === undefined && (point.flags & FLAG_NO_RECORDED_VALUE) === 0) {
    return { path: `${path}.value`, message: 'no value set (and the no-recorded-value flag is not set)' };
  }
  return checkExemplars(point.exemplars, path);
}

export function checkHistogramPoint(point: HistogramDataPoint, path: string): ValidationIssue | undefined {
  const bounds = point.explicitBounds;
  const counts = point.bucketCounts.length;
  if (counts !== 0 ? counts !== bounds.length + 1 : bounds.length !== 0) {
    return {
      path: `${path}.bucketCounts`,
      message: `expected ${bounds.length + 1} bucket counts (explicitBounds + 1), got ${counts}`,
    };
  }
  for (let index = 0; index < bounds.length; index++) {
    if (Number.isNaN(bounds[index]) || (index > 0 && !(bounds[index] > bounds[index - 1]))) {
      return { path: `${path}.explicitBounds[${index}]`, message: 'explicit bounds must be strictly increasing numbers' };
    }
  }
  return checkExemplars(point.exemplars, path);
}

export function checkExponentialHistogramPoint(point: ExponentialHistogramDataPoint, path: string): ValidationIssue | undefined {
  if (!Number.isInteger(point.scale) || point.scale < MIN_EXPONENTIAL_SCALE || point.scale > MAX_EXPONENTIAL_SCALE) {
    return { path: `${path}.scale`, message: `scale must be an integer in [${MIN_EXPONENTIAL_SCALE}, ${MAX_EXPONENTIAL_SCALE}], got ${point.scale}` };
  }
  if (!(point.zeroThreshold >= 0)) {
    return { path: `${path}.zeroThreshold`, message: `zero threshold must be a non-negative number, got ${point.zeroThreshold}` };
  }
  return checkExemplars(point.exemplars, path);
}

export function checkSummaryPoint(point: SummaryDataPoint, path: string): ValidationIssue | undefined {
  for (let index = 0; index < point.quantileValues.length; index++) {
    const { quantile } = point.quantileValues[index];
    if (!(quantile >= 0 && quantile <= 1)) {
      return { path: `${path}.quantileValues[${index}].quantile`, message: `quantile must be in [0, 1], got ${quantile}` };
    }
  }
  return undefined;
}

function checkExemplars(exemplars: readonly Exemplar[], path: string): ValidationIssue | undefined {
  for (let index = 0; index < exemplars.length; index++) {
    const exemplarPath = `${path}.exemplars[${index}]`;
    const issue =
      checkOptionalId(exemplars[index].traceId, TRACE_ID_BYTES, `${exemplarPath}.traceId`) ??
      checkOptionalId(exemplars[index].spanId, SPAN_ID_BYTES, `${exemplarPath}.spanId`);
    if (issue !== undefined) return issue;
  }
  return undefined;
}

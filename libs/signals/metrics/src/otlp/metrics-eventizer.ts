import { RowBatchBuilder, RowStamp, type EventizeContext, type EventizeResult, type ValidationIssue } from '@prism/contract';
import { resourceCells, scopeCells, type AttributeCell, type ExportMetricsServiceRequest, type Metric, type MetricData } from '@prism/otlp';
import { DEFAULT_METRICS_DATASET, METRIC_SIGNAL_TYPE, MetricColumn, MetricType, temporalityName } from '../common/metric-columns';
import { checkExponentialHistogramPoint, checkHistogramPoint, checkNumberPoint, checkSummaryPoint } from './data-point-checks';
import { writeExponentialHistogramPoint } from './exponential-histogram-rows';
import { writeHistogramPoint } from './histogram-rows';
import { writeNumberPoint } from './number-rows';
import { PointRowWriter } from './point-row-writer';
import { writeSummaryPoint } from './summary-rows';

/** How each kind of metric data is checked and written, point by point. */
export interface PointHandler<Point> {
  check(point: Point, path: string): ValidationIssue | undefined;
  write(writer: PointRowWriter, point: Point): void;
}

/** The check and row writer of each kind of data point, shared with the single-pass path. */
export const pointHandlers: { [Kind in MetricData['kind']]: PointHandler<Extract<MetricData, { kind: Kind }>['dataPoints'][number]> } = {
  gauge: { check: checkNumberPoint, write: writeNumberPoint },
  sum: { check: checkNumberPoint, write: writeNumberPoint },
  histogram: { check: checkHistogramPoint, write: writeHistogramPoint },
  exponentialHistogram: { check: checkExponentialHistogramPoint, write: writeExponentialHistogramPoint },
  summary: { check: checkSummaryPoint, write: writeSummaryPoint },
};

/**
 * Turns an OTLP metrics request into rows: one row per gauge or sum data point, and for histograms,
 * exponential histograms and summaries one row per bucket or quantile plus count/sum/min/max rows
 * (`metric.row` tells them apart). A malformed data point is rejected with its path; a metric
 * without a name or data is rejected whole. `acceptedRecords` counts data points.
 *
 * @example
 * const { batch, rejected } = eventizeMetrics(request, { tenantId: 'acme', ingestTs: 1700000000000000000n });
 */
export function eventizeMetrics(request: ExportMetricsServiceRequest, context: EventizeContext): EventizeResult {
  const builder = new RowBatchBuilder();
  const writer = new PointRowWriter(builder, new RowStamp(builder, context, DEFAULT_METRICS_DATASET), METRIC_SIGNAL_TYPE);
  const rejected: ValidationIssue[] = [];
  let acceptedRecords = 0;

  request.resourceMetrics.forEach((resourceMetrics, resourceIndex) => {
    const resource = resourceCells(resourceMetrics.resource);
    resourceMetrics.scopeMetrics.forEach((scopeMetrics, scopeIndex) => {
      const shared = scopeCells(resource, scopeMetrics.scope);
      scopeMetrics.metrics.forEach((metric, metricIndex) => {
        const metricPath = `resourceMetrics[${resourceIndex}].scopeMetrics[${scopeIndex}].metrics[${metricIndex}]`;
        const metricIssue = checkMetric(metric, metricPath);
        if (metricIssue !== undefined) {
          rejected.push(metricIssue);
          return;
        }
        const data = metric.data as MetricData;
        writer.beginMetric(metricCells(shared, metric, data));
        const handler = pointHandlers[data.kind] as PointHandler<unknown>;
        const points: readonly unknown[] = data.dataPoints;
        for (let pointIndex = 0; pointIndex < points.length; pointIndex++) {
          const issue = handler.check(points[pointIndex], `${metricPath}.${data.kind}.dataPoints[${pointIndex}]`);
          if (issue !== undefined) {
            rejected.push(issue);
            continue;
          }
          handler.write(writer, points[pointIndex]);
          acceptedRecords++;
        }
      });
    });
  });

  return { batch: builder.build(), acceptedRecords, rejected };
}

function checkMetric(metric: Metric, path: string): ValidationIssue | undefined {
  if (metric.name === '') return { path: `${path}.name`, message: 'metric name must not be empty' };
  if (metric.data === undefined) return { path, message: 'metric has no data (gauge, sum, histogram, exponentialHistogram or summary)' };
  return undefined;
}

/** The scope's cells plus the metric's own: name, unit, description, type, temporality, monotonic. */
export function metricCells(shared: readonly AttributeCell[], metric: Metric, data: MetricData): AttributeCell[] {
  const cells = shared.slice();
  cells.push({ column: MetricColumn.name, value: { type: 'string', value: metric.name } });
  if (metric.unit !== '') cells.push({ column: MetricColumn.unit, value: { type: 'string', value: metric.unit } });
  if (metric.description !== '') cells.push({ column: MetricColumn.description, value: { type: 'string', value: metric.description } });
  cells.push({ column: MetricColumn.type, value: { type: 'string', value: MetricType[data.kind] } });
  if ('aggregationTemporality' in data) {
    cells.push({ column: MetricColumn.temporality, value: { type: 'string', value: temporalityName(data.aggregationTemporality) } });
  }
  if (data.kind === 'sum') cells.push({ column: MetricColumn.monotonic, value: { type: 'bool', value: data.isMonotonic } });
  return cells;
}

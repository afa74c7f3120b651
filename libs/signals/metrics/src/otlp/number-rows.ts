import type { NumberDataPoint } from '@prism/otlp';
import { MetricRowKind } from '../common/metric-columns';
import type { PointRowWriter } from './point-row-writer';

/** A gauge or sum point: one `value` row; doubles in `value`, ints in `value#int64`. */
export function writeNumberPoint(writer: PointRowWriter, point: NumberDataPoint): void {
  writer.beginPoint(point);
  writer.startRow(MetricRowKind.value);
  if (point.value === undefined) return; // a no-recorded-value point: the row says when, not what
  if (point.value.kind === 'double') writer.setValue(point.value.value);
  else writer.setValueInt(point.value.value);
}

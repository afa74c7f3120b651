import { useMemo, useState, type FormEvent } from 'react';
import type { AlignedData, Options } from 'uplot';
import type { DslResponse, PrismClient } from '../api/prism-client';
import { chartSeriesOf, metricChartQuery, metricNamesQuery, metricOutputs } from '../api/query-builders';
import { SERIES_COLOURS, UplotChart } from '../charts/uplot-chart';
import { TimeRangeSelect } from '../components/time-range-select';
import { StatusLine, useAsync } from './use-async';

/** Pick a metric, split it by an attribute, chart it over time: counters as rates, histograms as percentiles, gauges as means. */
export function MetricsView({ client }: { client: PrismClient }) {
  const [lookbackMs, setLookbackMs] = useState(3_600_000);
  const [names] = useAsync(() => client.query<DslResponse>(metricNamesQuery(lookbackMs)), [lookbackMs]);
  const [metric, setMetric] = useState('');
  const [groupBy, setGroupBy] = useState('');
  // Wide enough that a bucket holds two points of a once-a-minute counter: a rate needs two.
  const [bucket, setBucket] = useState('5m');
  const metrics = names.status === 'done' ? names.value.rows.map((row) => ({ name: String(row['metric']), type: String(row['type']) })) : [];
  const chosen = metrics.find((candidate) => candidate.name === metric) ?? metrics[0];
  const request = chosen === undefined ? undefined : { metric: chosen.name, type: chosen.type, groupBy, lookbackMs, bucket };
  const [chart, draw] = useAsync(async () => {
    if (request === undefined) throw new Error('No metrics in this time range.');
    const response = await client.query<DslResponse>(metricChartQuery(request));
    const outputs = metricOutputs(request.type);
    return { series: chartSeriesOf(response.rows, request.groupBy, outputs), title: `${request.metric} (${outputs.map((output) => output.label).join(', ')})` };
  }, undefined);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    draw();
  };
  return (
    <section>
      <h2>Metrics</h2>
      <form className="filters" onSubmit={submit} aria-label="Metric chart">
        <label>
          Metric
          <select name="metric" value={chosen?.name ?? ''} onChange={(event) => setMetric(event.target.value)}>
            {metrics.map((candidate) => (
              <option key={candidate.name + candidate.type} value={candidate.name}>
                {candidate.name} ({candidate.type})
              </option>
            ))}
          </select>
        </label>
        <label>
          Group by
          <input name="groupBy" placeholder="service or metric.attr.http.route" value={groupBy} onChange={(event) => setGroupBy(event.target.value)} />
        </label>
        <label>
          Bucket
          <select name="bucket" value={bucket} onChange={(event) => setBucket(event.target.value)}>
            {['10s', '1m', '5m', '1h'].map((size) => (
              <option key={size}>{size}</option>
            ))}
          </select>
        </label>
        <TimeRangeSelect value={lookbackMs} onChange={setLookbackMs} />
        <button type="submit" disabled={chosen === undefined}>
          Chart
        </button>
      </form>
      <StatusLine state={names} />
      <StatusLine state={chart} />
      {chart.status === 'done' && <MetricChart title={chart.value.title} series={chart.value.series} />}
    </section>
  );
}

function MetricChart({ title, series }: { title: string; series: ReturnType<typeof chartSeriesOf> }) {
  const data = useMemo<AlignedData>(() => [series.x, ...series.series.map((one) => one.values)], [series]);
  const options = useMemo<Options>(
    () => ({
      title,
      width: 900,
      height: 300,
      scales: { x: { time: true } },
      series: [
        {},
        ...series.series.map((one, index) => ({ label: one.label, stroke: SERIES_COLOURS[index % SERIES_COLOURS.length], width: 2, spanGaps: true })),
      ],
    }),
    [title, series],
  );
  const points = series.series.reduce((total, one) => total + one.values.filter((value) => value !== null).length, 0);
  if (series.x.length === 0) return <p className="muted">No points in this time range.</p>;
  return (
    <div data-testid="metric-chart" data-points={points}>
      {points === 0 && <p className="muted">Every bucket is empty: a rate needs at least two points of a series in a bucket; try a wider bucket.</p>}
      <UplotChart options={options} data={data} />
    </div>
  );
}

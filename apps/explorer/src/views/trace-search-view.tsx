import { useCallback, useMemo, useState, type FormEvent } from 'react';
import type uPlot from 'uplot';
import type { AlignedData, Options } from 'uplot';
import type { PrismClient } from '../api/prism-client';
import { CUSTOM_RANGE, FormError, searchWindow, traceSearchParams } from '../api/query-builders';
import { UplotChart } from '../charts/uplot-chart';
import { linkProps, navigate } from '../navigation';
import { summarizeTrace, type TraceSummary, type ZipkinSpan } from '../trace/trace-model';
import { formatDuration } from '../trace/waterfall-layout';
import { ErrorLine, StatusLine, useAsync } from './use-async';
import { TimeRangeSelect } from '../components/time-range-select';
import { VirtualTable, type VirtualColumn } from '../components/virtual-table';

/** Beside the presets, the trace search offers a custom from–to window. */
const CUSTOM_CHOICE = [{ label: 'Custom…', ms: CUSTOM_RANGE }];

const emptyForm = { service: '', operation: '', tags: '', minDurationMs: '', maxDurationMs: '', lookbackMs: 3_600_000, from: '', to: '', limit: 20 };

/** Trace search over the Zipkin v2 API: results list and a duration scatter plot; a click opens the trace. */
export function TraceSearchView({ client }: { client: PrismClient }) {
  const [form, setForm] = useState<typeof emptyForm>(emptyForm);
  const [services] = useAsync(() => client.get<string[]>('/api/v2/services', new URLSearchParams({ lookback: String(7 * 86_400_000) })), []);
  const [operations] = useAsync(
    () =>
      form.service === ''
        ? Promise.resolve<string[]>([])
        : client.get<string[]>('/api/v2/spans', new URLSearchParams({ serviceName: form.service, lookback: String(7 * 86_400_000) })),
    [form.service],
  );
  const [results, search] = useAsync(async () => {
    const params = traceSearchParams({ ...form, ...searchWindow(form, Date.now()) });
    const traces = await client.get<ZipkinSpan[][]>('/api/v2/traces', params);
    return traces.map(summarizeTrace).sort((a, b) => b.startUs - a.startUs);
  }, undefined);
  const [formError, setFormError] = useState<string>();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    try {
      traceSearchParams({ ...form, ...searchWindow(form, Date.now()) });
      setFormError(undefined);
      search();
    } catch (error) {
      if (error instanceof FormError) setFormError(error.message);
      else throw error;
    }
  };
  const set = (patch: Partial<typeof form>) => setForm((current) => ({ ...current, ...patch }));

  return (
    <section>
      <h2>Find traces</h2>
      <form className="filters" onSubmit={submit} aria-label="Trace search">
        <label>
          Service
          <select name="service" value={form.service} onChange={(event) => set({ service: event.target.value, operation: '' })}>
            <option value="">All services</option>
            {services.status === 'done' && services.value.map((name) => <option key={name}>{name}</option>)}
          </select>
        </label>
        <label>
          Operation
          <select name="operation" value={form.operation} onChange={(event) => set({ operation: event.target.value })}>
            <option value="">All operations</option>
            {operations.status === 'done' && operations.value.map((name) => <option key={name}>{name}</option>)}
          </select>
        </label>
        <label>
          Tags
          <input name="tags" placeholder="http.method=GET and error" value={form.tags} onChange={(event) => set({ tags: event.target.value })} />
        </label>
        <label>
          Min duration (ms)
          <input name="minDuration" inputMode="decimal" value={form.minDurationMs} onChange={(event) => set({ minDurationMs: event.target.value })} />
        </label>
        <label>
          Max duration (ms)
          <input name="maxDuration" inputMode="decimal" value={form.maxDurationMs} onChange={(event) => set({ maxDurationMs: event.target.value })} />
        </label>
        <TimeRangeSelect value={form.lookbackMs} onChange={(lookbackMs) => set({ lookbackMs })} extra={CUSTOM_CHOICE} />
        {form.lookbackMs === CUSTOM_RANGE && (
          <>
            <label>
              From
              <input name="from" type="datetime-local" step={1} value={form.from} onChange={(event) => set({ from: event.target.value })} />
            </label>
            <label>
              To
              <input name="to" type="datetime-local" step={1} value={form.to} onChange={(event) => set({ to: event.target.value })} />
            </label>
          </>
        )}
        <label>
          Limit
          <input
            name="limit"
            type="number"
            min={1}
            max={1000}
            value={form.limit}
            onChange={(event) => set({ limit: Math.max(1, Number(event.target.value) || 1) })}
          />
        </label>
        <button type="submit">Search</button>
      </form>
      <ErrorLine message={formError} />
      <StatusLine state={results} />
      {results.status === 'done' && <TraceResults traces={results.value} />}
    </section>
  );
}

function TraceResults({ traces }: { traces: TraceSummary[] }) {
  if (traces.length === 0) return <p className="muted">No traces match.</p>;
  return (
    <>
      <DurationScatter traces={traces} />
      <VirtualTable
        testId="trace-results"
        rows={traces}
        rowKey={(trace) => trace.traceId}
        rowClass={(trace) => (trace.errorCount > 0 ? 'has-error' : undefined)}
        columns={TRACE_COLUMNS}
      />
    </>
  );
}

const TRACE_COLUMNS: readonly VirtualColumn<TraceSummary>[] = [
  {
    header: 'Root span',
    width: 'minmax(0, 2fr)',
    cell: (trace) => (
      <a {...linkProps(`/traces/${trace.traceId}`)} data-trace-id={trace.traceId} title={`${trace.rootService}: ${trace.rootName}`}>
        {trace.rootService}: {trace.rootName}
      </a>
    ),
  },
  { header: 'Services', width: 'minmax(0, 1fr)', cell: (trace) => trace.services.join(', ') },
  { header: 'Spans', width: '5rem', cell: (trace) => trace.spanCount },
  { header: 'Duration', width: '7rem', cell: (trace) => formatDuration(trace.durationUs) },
  { header: 'Started', width: '12rem', cell: (trace) => new Date(trace.startUs / 1000).toLocaleString() },
];

/** Start time × duration of each result; clicking a point opens its trace. */
function DurationScatter({ traces }: { traces: TraceSummary[] }) {
  const sorted = useMemo(() => [...traces].sort((a, b) => a.startUs - b.startUs), [traces]);
  const data = useMemo<AlignedData>(() => [sorted.map((trace) => trace.startUs / 1e6), sorted.map((trace) => trace.durationUs / 1000)], [sorted]);
  const options = useMemo<Options>(
    () => ({
      width: 900,
      height: 220,
      scales: { x: { time: true } },
      legend: { show: false },
      cursor: { points: { size: 12 } },
      series: [{}, { label: 'duration (ms)', stroke: '#2563eb', fill: '#2563eb', paths: () => null, points: { show: true, size: 8 } }],
      axes: [{}, { label: 'ms' }],
    }),
    [],
  );
  const onCreate = useCallback(
    (chart: uPlot) => {
      chart.over.addEventListener('click', () => {
        const index = chart.cursor.idx;
        if (index !== null && index !== undefined && sorted[index] !== undefined) navigate(`/traces/${sorted[index].traceId}`);
      });
    },
    [sorted],
  );
  return <UplotChart options={options} data={data} onCreate={onCreate} testId="duration-scatter" />;
}

import { useState, type FormEvent } from 'react';
import type { DslResponse, PrismClient } from '../api/prism-client';
import { FormError, logsQuery, type LogFilters } from '../api/query-builders';
import { linkProps } from '../navigation';
import { TimeRangeSelect } from '../components/time-range-select';
import { ErrorLine, StatusLine, useAsync } from './use-async';
import { VirtualTable, type VirtualColumn } from '../components/virtual-table';

const SEVERITIES = ['', 'TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];

/** Log lines by severity, service, body text and trace id (DSL over `logs`); a line with a trace id links to it. */
export function LogsView({ client, initialTraceId }: { client: PrismClient; initialTraceId: string }) {
  const [filters, setFilters] = useState<LogFilters>({ severity: '', service: '', text: '', traceId: initialTraceId, lookbackMs: 3_600_000, limit: 200 });
  const [formError, setFormError] = useState<string>();
  const [logs, search] = useAsync(() => client.query<DslResponse>(logsQuery(filters)), initialTraceId === '' ? undefined : [initialTraceId]);
  const set = (patch: Partial<LogFilters>) => setFilters((current) => ({ ...current, ...patch }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    try {
      logsQuery(filters);
      setFormError(undefined);
      search();
    } catch (error) {
      if (error instanceof FormError) setFormError(error.message);
      else throw error;
    }
  };

  return (
    <section>
      <h2>Logs</h2>
      <form className="filters" onSubmit={submit} aria-label="Log search">
        <label>
          Severity
          <select name="severity" value={filters.severity} onChange={(event) => set({ severity: event.target.value })}>
            {SEVERITIES.map((severity) => (
              <option key={severity} value={severity}>
                {severity === '' ? 'Any' : severity}
              </option>
            ))}
          </select>
        </label>
        <label>
          Service
          <input name="service" value={filters.service} onChange={(event) => set({ service: event.target.value })} />
        </label>
        <label>
          Body contains
          <input name="text" value={filters.text} onChange={(event) => set({ text: event.target.value })} />
        </label>
        <label>
          Trace id
          <input name="traceId" value={filters.traceId} onChange={(event) => set({ traceId: event.target.value })} size={34} />
        </label>
        <TimeRangeSelect value={filters.lookbackMs} onChange={(lookbackMs) => set({ lookbackMs })} />
        <button type="submit">Search</button>
      </form>
      <ErrorLine message={formError} />
      <StatusLine state={logs} />
      {logs.status === 'done' &&
        (logs.value.rows.length === 0 ? (
          <p className="muted">No log lines match.</p>
        ) : (
          <VirtualTable
            testId="log-results"
            rows={logs.value.rows}
            rowKey={(_row, index) => String(index)}
            rowClass={(row) => `severity-${String(row['severity'] ?? '').toLowerCase()}`}
            columns={LOG_COLUMNS}
          />
        ))}
    </section>
  );
}

const LOG_COLUMNS: readonly VirtualColumn<Record<string, unknown>>[] = [
  { header: 'Time', width: '14rem', cell: (row) => nsToIso(row['timestamp']) },
  { header: 'Service', width: '9rem', cell: (row) => String(row['service'] ?? '') },
  { header: 'Severity', width: '6rem', cell: (row) => String(row['severity'] ?? '') },
  {
    header: 'Body',
    width: 'minmax(0, 1fr)',
    className: 'log-body',
    cell: (row) => <span title={String(row['message'] ?? '')}>{String(row['message'] ?? '')}</span>,
  },
  { header: 'Trace', width: '9rem', cell: (row) => <TraceLink traceId={row['trace_id']} /> },
];

function nsToIso(value: unknown): string {
  try {
    return new Date(Number(BigInt(String(value)) / 1_000_000n)).toISOString();
  } catch {
    return String(value);
  }
}

function TraceLink({ traceId }: { traceId: unknown }) {
  if (typeof traceId !== 'string' || !/^[0-9a-f]{32}$/.test(traceId) || /^0+$/.test(traceId)) return null;
  return <a {...linkProps(`/traces/${traceId}`)}>{traceId.slice(0, 12)}…</a>;
}

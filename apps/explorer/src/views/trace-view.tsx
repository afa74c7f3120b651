import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import type { DslResponse, PrismClient } from '../api/prism-client';
import { spanDetailsQuery } from '../api/query-builders';
import { linkProps } from '../navigation';
import { criticalPath } from '../trace/critical-path';
import { fromZipkin, type ZipkinSpan } from '../trace/trace-model';
import { formatDuration, layoutWaterfall, type WaterfallRow } from '../trace/waterfall-layout';
import { StatusLine, useAsync } from './use-async';

const ROW_HEIGHT = 26;

/** One trace: the span waterfall (virtualised), the critical path highlighted, and the selected span's details. */
export function TraceView({ client, traceId }: { client: PrismClient; traceId: string }) {
  const [trace] = useAsync(async () => {
    const spans = fromZipkin(await client.get<ZipkinSpan[]>(`/api/v2/trace/${traceId}`));
    return { layout: layoutWaterfall(spans), critical: criticalPath(spans) };
  }, [traceId]);
  const [selected, setSelected] = useState<string>();

  return (
    <section>
      <h2>
        Trace <code data-testid="trace-id">{traceId}</code>
      </h2>
      <p>
        <a {...linkProps(`/logs?traceId=${traceId}`)}>Logs of this trace</a>
      </p>
      <StatusLine state={trace} />
      {trace.status === 'done' && (
        <>
          <p className="muted" data-testid="trace-summary">
            {trace.value.layout.rows.length} spans, {formatDuration(trace.value.layout.traceDurationUs)}; {trace.value.critical.size} on the critical path
            (highlighted).
          </p>
          <div className="trace-layout">
            <Waterfall rows={trace.value.layout.rows} critical={trace.value.critical} selected={selected} onSelect={setSelected} />
            {selected !== undefined && (
              <SpanDetails client={client} traceId={traceId} row={trace.value.layout.rows.find((row) => row.span.spanId === selected)} />
            )}
          </div>
        </>
      )}
    </section>
  );
}

function Waterfall({
  rows,
  critical,
  selected,
  onSelect,
}: {
  rows: WaterfallRow[];
  critical: Set<string>;
  selected?: string;
  onSelect: (spanId: string) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  return (
    <div className="waterfall" ref={scroller} data-testid="waterfall" role="list" aria-label="Spans">
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index];
          const onPath = critical.has(row.span.spanId);
          const classes = ['span-row', onPath ? 'critical' : '', row.span.error ? 'error' : '', selected === row.span.spanId ? 'selected' : ''].join(' ');
          return (
            <div
              key={row.span.spanId}
              role="listitem"
              className={classes}
              data-span-index={item.index}
              data-critical={onPath ? 'true' : undefined}
              style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
              onClick={() => onSelect(row.span.spanId)}
            >
              <div className="span-label" style={{ paddingLeft: 6 + Math.min(row.depth, 40) * 12 }} title={`${row.span.service}: ${row.span.name}`}>
                <span className="service">{row.span.service}</span> <span className="span-name">{row.span.name}</span>
              </div>
              <div className="span-track">
                <div className="span-bar" style={{ left: `${row.offset * 100}%`, width: `max(2px, ${row.width * 100}%)` }} />
                <span className="span-duration">{formatDuration(row.span.durationUs)}</span>
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
}

/** Every column of the span's rows, from the DSL: attributes, resource, links, and its events (rows of their own). */
function SpanDetails({ client, traceId, row }: { client: PrismClient; traceId: string; row?: WaterfallRow }) {
  const spanId = row?.span.spanId ?? '';
  const [details] = useAsync(() => client.query<DslResponse>(spanDetailsQuery(traceId, spanId)), [traceId, spanId]);
  const sections = useMemo(() => (details.status === 'done' ? detailSections(details.value.rows) : undefined), [details]);
  if (row === undefined) return null;
  return (
    <aside className="span-details" data-testid="span-details">
      <h3>{row.span.name}</h3>
      <p className="muted">
        {row.span.service} · {formatDuration(row.span.durationUs)} · span <code>{spanId}</code>
      </p>
      <StatusLine state={details} />
      {sections !== undefined && (
        <>
          <KeyValues title="Attributes" values={sections.attributes} />
          <KeyValues title="Resource" values={sections.resource} />
          <KeyValues title="Span" values={sections.span} />
          <h4>Events</h4>
          {sections.events.length === 0 ? (
            <p className="muted">None</p>
          ) : (
            <ul className="events">
              {sections.events.map((event, index) => (
                <li key={index}>
                  <code>{event.time}</code> {event.name} {event.attributes}
                </li>
              ))}
            </ul>
          )}
          <h4>Links</h4>
          {sections.links.length === 0 ? <p className="muted">None</p> : <pre>{JSON.stringify(sections.links, null, 2)}</pre>}
        </>
      )}
    </aside>
  );
}

function KeyValues({ title, values }: { title: string; values: Array<[string, unknown]> }) {
  return (
    <>
      <h4>{title}</h4>
      {values.length === 0 ? (
        <p className="muted">None</p>
      ) : (
        <table className="key-values">
          <tbody>
            {values.map(([key, value]) => (
              <tr key={key}>
                <th>{key}</th>
                <td>{typeof value === 'string' ? value : JSON.stringify(value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

const SPAN_ATTR = 'span.attr.';

function detailSections(rows: ReadonlyArray<Record<string, unknown>>) {
  const spanRow = rows.find((row) => row['signal_type'] === 'span') ?? {};
  const present = (entries: Array<[string, unknown]>) => entries.filter(([, value]) => value !== null && value !== undefined);
  const entries = present(Object.entries(spanRow));
  const attributes = entries.filter(([key]) => key.startsWith(SPAN_ATTR)).map(([key, value]): [string, unknown] => [key.slice(SPAN_ATTR.length), value]);
  const resource = entries.filter(([key]) => key.startsWith('resource.'));
  const span = entries.filter(([key]) => !key.startsWith(SPAN_ATTR) && !key.startsWith('resource.') && key !== 'links');
  const linksValue = spanRow['links'];
  const links = typeof linksValue === 'string' ? (JSON.parse(linksValue) as unknown[]) : Array.isArray(linksValue) ? linksValue : [];
  const events = rows
    .filter((row) => row['signal_type'] === 'span_event')
    .map((row) => ({
      time: new Date(Number(BigInt(String(row['timestamp'])) / 1_000_000n)).toISOString(),
      name: String(row['name'] ?? ''),
      attributes: present(Object.entries(row).filter(([key]) => key.startsWith(SPAN_ATTR)))
        .map(([key, value]) => `${key.slice(SPAN_ATTR.length)}=${String(value)}`)
        .join(' '),
    }));
  return { attributes, resource, span, links, events };
}

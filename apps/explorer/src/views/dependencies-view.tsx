import { useMemo, useState } from 'react';
import type { PrismClient } from '../api/prism-client';
import { layoutDependencies, type DependencyLink } from '../graph/dependency-layout';
import { TimeRangeSelect } from '../components/time-range-select';
import { StatusLine, useAsync } from './use-async';

/** The service dependency graph of `/api/v2/dependencies` for a time range, callers left of callees. */
export function DependenciesView({ client }: { client: PrismClient }) {
  const [lookbackMs, setLookbackMs] = useState(3_600_000);
  const [links] = useAsync(
    () => client.get<DependencyLink[]>('/api/v2/dependencies', new URLSearchParams({ endTs: String(Date.now()), lookback: String(lookbackMs) })),
    [lookbackMs],
  );
  return (
    <section>
      <h2>Service dependencies</h2>
      <TimeRangeSelect value={lookbackMs} onChange={setLookbackMs} />
      <StatusLine state={links} />
      {links.status === 'done' &&
        (links.value.length === 0 ? <p className="muted">No calls between services in this time range.</p> : <Graph links={links.value} />)}
    </section>
  );
}

function Graph({ links }: { links: DependencyLink[] }) {
  const layout = useMemo(() => layoutDependencies(links), [links]);
  return (
    <svg
      className="dependency-graph"
      data-testid="dependency-graph"
      width={layout.width}
      height={layout.height}
      role="img"
      aria-label="Service dependency graph"
    >
      <defs>
        <marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" fill="#64748b" />
        </marker>
      </defs>
      {layout.edges.map((edge) => (
        <g key={`${edge.parent}->${edge.child}`} className={edge.errorCount ? 'edge has-error' : 'edge'}>
          <line x1={edge.from.x + 60} y1={edge.from.y} x2={edge.to.x - 60} y2={edge.to.y} markerEnd="url(#arrow)" />
          <text x={(edge.from.x + edge.to.x) / 2} y={(edge.from.y + edge.to.y) / 2 - 6} textAnchor="middle">
            {edge.callCount} calls{edge.errorCount ? `, ${edge.errorCount} errors` : ''}
          </text>
        </g>
      ))}
      {layout.nodes.map((node) => (
        <g key={node.name} className="node" data-service={node.name}>
          <rect x={node.x - 60} y={node.y - 16} width={120} height={32} rx={6} />
          <text x={node.x} y={node.y + 5} textAnchor="middle">
            {node.name}
          </text>
        </g>
      ))}
    </svg>
  );
}

import { useState } from 'react';
import type { DslResponse, PrismClient } from '../api/prism-client';
import { StatusLine, useAsync } from './use-async';

const EXAMPLE = JSON.stringify(
  { signal: 'spans', timeRange: { last: '1h' }, groupBy: ['service'], aggregates: [{ fn: 'count' }, { fn: 'percentile', column: 'duration', q: 0.95 }] },
  null,
  2,
);

/** Runs a DSL query (with `explain`) and shows the rows and how the engine answered. */
export function ConsoleView({ client }: { client: PrismClient }) {
  const [text, setText] = useState(EXAMPLE);
  const [result, run] = useAsync(async () => {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      throw new Error(`The query is not JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('The query must be a JSON object');
    return client.query<DslResponse>({ ...body, explain: true });
  }, undefined);
  return (
    <section>
      <h2>DSL console</h2>
      <p className="muted">
        A query of the JSON DSL (<code>POST /api/v1/query</code>); <code>explain</code> is added.
      </p>
      <textarea name="query" className="dsl" rows={12} value={text} onChange={(event) => setText(event.target.value)} spellCheck={false} />
      <div>
        <button type="button" onClick={run}>
          Run
        </button>
      </div>
      <StatusLine state={result} />
      {result.status === 'done' && (
        <div className="console-result">
          <table className="results" data-testid="console-rows">
            <thead>
              <tr>
                {result.value.columns.map((column) => (
                  <th key={column}>{column}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {result.value.rows.map((row, index) => (
                <tr key={index}>
                  {result.value.columns.map((column) => (
                    <td key={column}>{formatCell(row[column])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <h3>Explain</h3>
          <pre data-testid="console-explain">{JSON.stringify(result.value.explain, null, 2)}</pre>
        </div>
      )}
    </section>
  );
}

function formatCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

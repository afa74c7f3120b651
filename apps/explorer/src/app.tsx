import { useMemo, useState } from 'react';
import { prismClient } from './api/prism-client';
import { forgetApiKey, storedApiKey, storeApiKey } from './api/session-key';
import { linkProps, useLocation } from './navigation';
import { ConsoleView } from './views/console-view';
import { DependenciesView } from './views/dependencies-view';
import { LogsView } from './views/logs-view';
import { MetricsView } from './views/metrics-view';
import { SignIn } from './views/sign-in';
import { TraceSearchView } from './views/trace-search-view';
import { TraceView } from './views/trace-view';

const sections = [
  { path: '/', label: 'Traces' },
  { path: '/dependencies', label: 'Dependencies' },
  { path: '/logs', label: 'Logs' },
  { path: '/metrics', label: 'Metrics' },
  { path: '/console', label: 'DSL console' },
];

export function App() {
  const [apiKey, setApiKey] = useState(storedApiKey);
  const location = useLocation();
  const client = useMemo(() => (apiKey === undefined ? undefined : prismClient(apiKey)), [apiKey]);

  if (client === undefined) {
    return (
      <SignIn
        onSignedIn={(key) => {
          storeApiKey(key);
          setApiKey(key);
        }}
      />
    );
  }
  const path = location.pathname;
  const traceMatch = /^\/traces\/([0-9a-fA-F]{16,32})$/.exec(path);
  return (
    <div className="app">
      <header className="top-bar">
        <strong className="brand">Prism</strong>
        <nav>
          {sections.map((section) => (
            <a key={section.path} {...linkProps(section.path)} className={isActive(section.path, path) ? 'active' : undefined}>
              {section.label}
            </a>
          ))}
        </nav>
        <button
          type="button"
          className="sign-out"
          onClick={() => {
            forgetApiKey();
            setApiKey(undefined);
          }}
        >
          Sign out
        </button>
      </header>
      <main>
        {traceMatch !== null ? (
          <TraceView client={client} traceId={traceMatch[1].toLowerCase()} />
        ) : path === '/dependencies' ? (
          <DependenciesView client={client} />
        ) : path === '/logs' ? (
          <LogsView client={client} initialTraceId={location.searchParams.get('traceId') ?? ''} />
        ) : path === '/metrics' ? (
          <MetricsView client={client} />
        ) : path === '/console' ? (
          <ConsoleView client={client} />
        ) : (
          <TraceSearchView client={client} />
        )}
      </main>
    </div>
  );
}

function isActive(section: string, path: string): boolean {
  return section === '/' ? path === '/' || path.startsWith('/traces') : path.startsWith(section);
}

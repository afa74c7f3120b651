import { useCallback, useEffect, useRef, useState } from 'react';

/** The state of one request a view makes. */
export type AsyncState<T> = { status: 'idle' } | { status: 'loading' } | { status: 'done'; value: T } | { status: 'failed'; message: string };

/** Runs `load` when `run` is called (or at once with `auto`); a newer run wins over an older one still pending. */
export function useAsync<T>(load: () => Promise<T>, auto: readonly unknown[] | undefined): [AsyncState<T>, () => void] {
  const [state, setState] = useState<AsyncState<T>>({ status: 'idle' });
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const run = useCallback(() => {
    const mine = ++generation.current;
    setState({ status: 'loading' });
    loadRef.current().then(
      (value) => mine === generation.current && setState({ status: 'done', value }),
      (error: unknown) => mine === generation.current && setState({ status: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
  }, []);
  useEffect(
    () => {
      if (auto !== undefined) run();
    },
    auto ?? [null],
  );
  return [state, run];
}

/** The error line or spinner text for a request state. */
export function StatusLine({ state }: { state: AsyncState<unknown> }) {
  if (state.status === 'loading') return <p className="muted">Loading…</p>;
  if (state.status === 'failed') return <ErrorLine message={state.message} />;
  return null;
}

/** A message the user must see (a failed request, a form value the API would refuse); nothing when absent. */
export function ErrorLine({ message }: { message: string | undefined }) {
  if (message === undefined) return null;
  return (
    <p className="error" role="alert">
      {message}
    </p>
  );
}

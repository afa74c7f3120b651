import { useState, type FormEvent } from 'react';
import { prismClient } from '../api/prism-client';
import { ErrorLine } from './use-async';

/** Asks for an API key and checks it against the query API before keeping it. */
export function SignIn({ onSignedIn }: { onSignedIn: (apiKey: string) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string>();
  const [checking, setChecking] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = key.trim();
    if (trimmed === '') {
      setError('Enter an API key.');
      return;
    }
    setChecking(true);
    setError(undefined);
    try {
      await prismClient(trimmed).get('/api/v2/services', new URLSearchParams({ lookback: '60000' }));
      onSignedIn(trimmed);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setChecking(false);
    }
  };

  return (
    <form className="sign-in" onSubmit={submit}>
      <h1>Prism explorer</h1>
      <p>Sign in with an API key of your tenant (`npm start` prints the dev tenant's key once). It is kept for this tab only.</p>
      <label>
        API key
        <input name="apiKey" type="password" autoComplete="off" value={key} onChange={(event) => setKey(event.target.value)} autoFocus />
      </label>
      <button type="submit" disabled={checking}>
        {checking ? 'Checking…' : 'Sign in'}
      </button>
      <ErrorLine message={error} />
    </form>
  );
}

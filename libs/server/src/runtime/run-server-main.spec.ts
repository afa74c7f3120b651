import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { healthRoutes } from '../http/health-routes';
import type { Environment } from '../config/load-config';
import { runServerMain } from './run-server-main';
import type { MainProcess } from './run-server-main';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function fakeProcess(env: Environment) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const listeners = new Map<string, (signal: NodeJS.Signals) => void>();
  let resolveExit!: (code: number) => void;
  const exited = new Promise<number>((resolve) => (resolveExit = resolve));
  const proc: MainProcess = {
    env,
    stdout: { write: (text) => stdout.push(text) },
    stderr: { write: (text) => stderr.push(text) },
    on: (event, listener) => listeners.set(event, listener),
    exit: (code) => resolveExit(code),
  };
  const logs = () =>
    stdout
      .join('')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  const signal = (name: NodeJS.Signals) => listeners.get(name)?.(name);
  return { proc, stdout, stderr, exited, logs, signal };
}

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'prism-main-'));
  dirs.push(dir);
  return dir;
}

describe('runServerMain', () => {
  it('starts on the configured port, creates the embedded data dirs and shuts down on SIGTERM with 0', async () => {
    const data = dataDir();
    const fake = fakeProcess({ PRISM_PORT: '0', PRISM_DATA_DIR: data, PRISM_TYPO: 'x' });
    await runServerMain(fake.proc, { routes: () => healthRoutes() });

    const listening = fake.logs().find((line) => line.msg === 'listening');
    expect(listening?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(fake.logs()).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'PRISM_TYPO is not a Prism setting and is ignored' }));
    for (const sub of ['hot', 'objects', 'catalog']) expect(existsSync(join(data, sub)), sub).toBe(true);

    const reply = await fetch(`${listening?.url}/healthz`);
    expect(await reply.json()).toMatchObject({ status: 'ok' });

    fake.signal('SIGTERM');
    expect(await fake.exited).toBe(0);
    expect(fake.logs().map((line) => line.msg)).toEqual(expect.arrayContaining(['signal received', 'shutting down', 'shut down']));
    expect(fake.stderr).toEqual([]);
  });

  it('does not log the database URL', async () => {
    const fake = fakeProcess({ PRISM_PORT: '0', PRISM_DATA_DIR: dataDir(), PRISM_DATABASE_URL: 'postgres://u:secret@db/prism' });
    await runServerMain(fake.proc, { routes: () => [] });
    expect(fake.stdout.join('')).not.toContain('secret');
    expect(fake.logs().find((line) => line.msg === 'starting')).toMatchObject({ catalog: { kind: 'postgres' } });
    fake.signal('SIGINT');
    expect(await fake.exited).toBe(0);
  });

  it('prints every configuration problem to stderr and exits 1 without starting', async () => {
    const fake = fakeProcess({ PRISM_PORT: 'eighty', PRISM_LOG_LEVEL: 'chatty' });
    await runServerMain(fake.proc, { routes: () => [] });
    expect(await fake.exited).toBe(1);
    expect(fake.stderr.join('')).toBe(
      'Invalid configuration:\n' +
        '  - PRISM_PORT is "eighty"; expected an integer from 0 to 65535\n' +
        '  - PRISM_LOG_LEVEL is "chatty"; expected one of debug, info, warn, error\n',
    );
    expect(fake.stdout).toEqual([]);
  });

  it('exits 1 with a clear message when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const fake = fakeProcess({ PRISM_PORT: String(port), PRISM_DATA_DIR: dataDir() });
      await runServerMain(fake.proc, { routes: () => [] });
      expect(await fake.exited).toBe(1);
      expect(fake.stderr.join('')).toBe(`Prism could not start: Cannot listen on 127.0.0.1:${port}: EADDRINUSE\n`);
      expect(fake.logs()).toContainEqual(expect.objectContaining({ level: 'error', msg: 'startup failed' }));
    } finally {
      blocker.close();
    }
  });

  it('exits 1 at once on a second signal', async () => {
    const fake = fakeProcess({ PRISM_PORT: '0', PRISM_DATA_DIR: dataDir() });
    let release: (() => void) | undefined;
    await runServerMain(fake.proc, {
      routes: () => [],
      onStarted: (server) => server.onClose(() => new Promise<void>((resolve) => (release = resolve))),
    });
    fake.signal('SIGINT');
    fake.signal('SIGINT');
    expect(await fake.exited).toBe(1);
    // Let the slow hook finish so the server does not outlive the test.
    await expect.poll(() => release).toBeDefined();
    release?.();
  });
});

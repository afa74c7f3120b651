import { jsonResponse } from './http-types';
import type { Route } from './http-types';

/** A dependency that must be usable before the server takes traffic (catalog, hot store, …). */
export interface ReadinessCheck {
  name: string;
  /** Resolves to `true` when ready; a rejection or `false` counts as not ready. */
  check: () => Promise<boolean> | boolean;
}

export interface HealthOptions {
  /** Reported by `/healthz`, e.g. the package version. */
  version: string;
  readinessChecks: readonly ReadinessCheck[];
  /** Clock for uptime. */
  now: () => number;
  /** A check that has not answered after this long counts as failing, so a hung dependency answers 503 quickly. */
  checkTimeoutMs: number;
}

/** Defaults: version "dev", no readiness checks, the system clock, 2 s per check. */
export function defaultHealthOptions(): HealthOptions {
  return { version: 'dev', readinessChecks: [], now: () => Date.now(), checkTimeoutMs: 2000 };
}

/**
 * `GET /healthz` (liveness: the process answers) and `GET /readyz` (readiness: every check passes,
 * else 503 naming the failing ones).
 */
export function healthRoutes(options: Partial<HealthOptions> = {}): Route[] {
  const { version, readinessChecks, now, checkTimeoutMs } = { ...defaultHealthOptions(), ...options };
  const startedAt = now();
  return [
    {
      method: 'GET',
      path: '/healthz',
      handler: () => jsonResponse(200, { status: 'ok', version, uptimeSeconds: Math.floor((now() - startedAt) / 1000) }),
    },
    {
      method: 'GET',
      path: '/readyz',
      handler: async () => {
        const results = await Promise.all(readinessChecks.map(async ({ name, check }) => ({ name, ready: await passes(check, checkTimeoutMs) })));
        const failing = results.filter((result) => !result.ready).map((result) => result.name);
        return failing.length === 0 ? jsonResponse(200, { status: 'ready' }) : jsonResponse(503, { status: 'not_ready', failing });
      },
    },
  ];
}

async function passes(check: ReadinessCheck['check'], timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return (await Promise.race([Promise.resolve().then(check), timedOut])) === true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

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
}

/** Defaults: version "dev", no readiness checks, the system clock. */
export function defaultHealthOptions(): HealthOptions {
  return { version: 'dev', readinessChecks: [], now: () => Date.now() };
}

/**
 * `GET /healthz` (liveness: the process answers) and `GET /readyz` (readiness: every check passes,
 * else 503 naming the failing ones).
 */
export function healthRoutes(options: Partial<HealthOptions> = {}): Route[] {
  const { version, readinessChecks, now } = { ...defaultHealthOptions(), ...options };
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
        const results = await Promise.all(readinessChecks.map(async ({ name, check }) => ({ name, ready: await passes(check) })));
        const failing = results.filter((result) => !result.ready).map((result) => result.name);
        return failing.length === 0 ? jsonResponse(200, { status: 'ready' }) : jsonResponse(503, { status: 'not_ready', failing });
      },
    },
  ];
}

async function passes(check: ReadinessCheck['check']): Promise<boolean> {
  try {
    return (await check()) === true;
  } catch {
    return false;
  }
}

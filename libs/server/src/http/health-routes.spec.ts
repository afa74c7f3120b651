import { describe, expect, it } from 'vitest';
import { createLogger } from '../logging/json-logger';
import { healthRoutes } from './health-routes';
import { createRouter } from './router';

const context = { logger: createLogger({ level: 'error', write: () => undefined }), requestId: 'test' };

async function readyz(routes: ReturnType<typeof healthRoutes>) {
  const response = await createRouter(routes).dispatch(
    { method: 'GET', path: '/readyz', query: new URLSearchParams(), headers: {}, body: new Uint8Array() },
    context,
  );
  return { status: response.status, body: JSON.parse(String(response.body)) as unknown };
}

describe('GET /readyz', () => {
  it('answers 200 when every check passes', async () => {
    expect(await readyz(healthRoutes({ readinessChecks: [{ name: 'catalog', check: () => true }] }))).toEqual({ status: 200, body: { status: 'ready' } });
  });

  it('names each failing check: false, a rejection, a throw, or no answer within the timeout', async () => {
    const routes = healthRoutes({
      checkTimeoutMs: 20,
      readinessChecks: [
        { name: 'fine', check: async () => true },
        { name: 'false', check: () => false },
        { name: 'rejects', check: () => Promise.reject(new Error('down')) },
        {
          name: 'throws',
          check: () => {
            throw new Error('bug');
          },
        },
        { name: 'hangs', check: () => new Promise<boolean>(() => undefined) },
      ],
    });
    expect(await readyz(routes)).toEqual({ status: 503, body: { status: 'not_ready', failing: ['false', 'rejects', 'throws', 'hangs'] } });
  });
});

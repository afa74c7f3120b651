import type { Route } from '@prism/server';
import type { PrismMetrics } from './prism-metrics';

/** Path of the Prometheus scrape endpoint. */
export const METRICS_PATH = '/metrics';

/** `GET /metrics`: the process's metrics in the Prometheus text format (no API key: it carries no tenant data). */
export function metricsRoute(metrics: PrismMetrics): Route {
  return {
    method: 'GET',
    path: METRICS_PATH,
    handler: async () => {
      const { contentType, body } = await metrics.exposition();
      return { status: 200, headers: { 'content-type': contentType }, body };
    },
  };
}

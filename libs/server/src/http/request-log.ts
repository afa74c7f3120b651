import type { Logger } from '../logging/json-logger';

// Probes hit these every few seconds; logging them at info would drown the useful lines.
const QUIET_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz']);

/** What one request log line records. */
export interface RequestSummary {
  method: string;
  path: string;
  /** 499 when the client went away before the response was sent. */
  status: number;
  durationMs: number;
}

/** Writes the one line per request: errors at error level, health probes at debug, the rest at info. */
export function logRequest(logger: Logger, summary: RequestSummary): void {
  const level = summary.status >= 500 ? 'error' : QUIET_PATHS.has(summary.path) ? 'debug' : 'info';
  logger[level]('request', { ...summary, durationMs: Math.round(summary.durationMs * 100) / 100 });
}

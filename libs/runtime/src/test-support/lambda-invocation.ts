import { join } from 'node:path';
import { spawnNode, type NodeProcess } from './node-process';

/** An API Gateway HTTP API (payload 2.0) GET event for `path`. */
export function httpGetEvent(path: string): Record<string, unknown> {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    requestContext: { requestId: 'r1', stage: '$default', http: { method: 'GET', path } },
    isBase64Encoded: false,
  };
}

/** An EventBridge scheduled event, as a schedule rule sends it. */
export function scheduledEvent(): Record<string, unknown> {
  return { version: '0', 'detail-type': 'Scheduled Event', source: 'aws.events', time: new Date().toISOString(), detail: {} };
}

/** Calls the bundle's exported `handler` with `event` in a fresh node; the result is written as JSON to stderr. */
export function invokeBundledHandler(script: string, event: Record<string, unknown>, options: { cwd: string; env: Record<string, string> }): NodeProcess {
  const call = `require(${JSON.stringify(script)}).handler(${JSON.stringify(event)}).then((result) => process.stderr.write(JSON.stringify(result)))`;
  return spawnNode(['-e', call], options);
}

/** Calls the bundle's HTTP handler with a GET of /healthz, on its own data directory `lambda-data` under `dir`. */
export function invokeHealthzHandler(script: string, dir: string): NodeProcess {
  return invokeBundledHandler(script, httpGetEvent('/healthz'), { cwd: dir, env: { PRISM_LOG_LEVEL: 'error', PRISM_DATA_DIR: join(dir, 'lambda-data') } });
}

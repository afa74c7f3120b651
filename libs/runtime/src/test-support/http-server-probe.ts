import { expect } from 'vitest';
import type { NodeProcess } from './node-process';

/** Waits for the server's `listening` log line and returns the URL it gives. */
export async function listeningUrl(server: NodeProcess): Promise<string> {
  const listening = () => server.jsonLines().find((line) => line.msg === 'listening');
  await expect.poll(listening, { timeout: 40_000 }).toBeDefined();
  return listening()?.url as string;
}

/** The `host:port` of the OTLP/gRPC receiver, from the process's `OTLP/gRPC listening` log line. */
export async function grpcListeningTarget(server: NodeProcess): Promise<string> {
  const listening = () => server.jsonLines().find((line) => line.msg === 'OTLP/gRPC listening');
  await expect.poll(listening, { timeout: 40_000 }).toBeDefined();
  return listening()?.target as string;
}

/** Waits until `/readyz` answers 200. */
export async function waitUntilReady(url: string): Promise<void> {
  await expect.poll(async () => (await httpGet(`${url}/readyz`)).status, { timeout: 40_000 }).toBe(200);
}

// Each request on its own connection, so a SIGTERM'd server has no idle keep-alive socket to wait for.
/** GET with `connection: close`. */
export function httpGet(url: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { headers: { connection: 'close', ...headers } });
}

/** POST of a JSON body with `connection: close`. */
export function httpPostJson(url: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', connection: 'close', ...headers }, body });
}

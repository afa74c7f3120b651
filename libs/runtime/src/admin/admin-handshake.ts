import { randomUUID } from 'node:crypto';
import { readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Name of the file, beside the embedded catalog's lock, in which the server that holds the catalog
 * tells the CLI how to reach its admin API. Mode 0600: it carries the admin token.
 */
export const ADMIN_HANDSHAKE_FILE = 'prism-admin.json';

/** What the handshake file holds. */
export interface AdminHandshake {
  /** Loopback base URL of the server, e.g. `http://127.0.0.1:4318`. */
  url: string;
  /** The bearer token the admin routes accept, valid while this server process runs. */
  token: string;
  /** The server's pid: the handshake counts only while it is the catalog lock's holder. */
  pid: number;
}

/** Path of the handshake file for an embedded catalog directory. */
export function adminHandshakePath(catalogDir: string): string {
  return join(catalogDir, ADMIN_HANDSHAKE_FILE);
}

/** Writes the handshake: to a private temporary file, then renamed over, so no reader sees half of it. */
export function writeAdminHandshake(catalogDir: string, handshake: AdminHandshake): void {
  const path = adminHandshakePath(catalogDir);
  const staging = `${path}.${randomUUID()}.tmp`;
  try {
    writeFileSync(staging, `${JSON.stringify(handshake)}\n`, { flag: 'wx', mode: 0o600 });
    renameSync(staging, path);
  } finally {
    rmSync(staging, { force: true });
  }
}

/** The handshake in a catalog directory, or undefined when there is none or it is not one. */
export function readAdminHandshake(catalogDir: string): AdminHandshake | undefined {
  let value: Partial<AdminHandshake>;
  try {
    value = JSON.parse(readFileSync(adminHandshakePath(catalogDir), 'utf8')) as Partial<AdminHandshake>;
  } catch {
    return undefined;
  }
  if (typeof value.url !== 'string' || typeof value.token !== 'string' || !Number.isSafeInteger(value.pid)) return undefined;
  return { url: value.url, token: value.token, pid: value.pid as number };
}

/** Removes the handshake if it is still the one with this token (a newer server may have replaced it). */
export function removeAdminHandshake(catalogDir: string, token: string): void {
  if (readAdminHandshake(catalogDir)?.token !== token) return;
  try {
    unlinkSync(adminHandshakePath(catalogDir));
  } catch {
    // Already gone.
  }
}

/** The URL a local client reaches a server at: a wildcard listen address becomes loopback. */
export function loopbackUrlOf(serverUrl: string): string {
  const url = new URL(serverUrl);
  if (url.hostname === '0.0.0.0') url.hostname = '127.0.0.1';
  else if (url.hostname === '[::]') url.hostname = '[::1]';
  return url.origin;
}

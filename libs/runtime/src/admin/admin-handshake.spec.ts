import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { adminHandshakePath, loopbackUrlOf, readAdminHandshake, removeAdminHandshake, writeAdminHandshake } from './admin-handshake';

const dir = mkdtempSync(join(tmpdir(), 'prism-handshake-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('admin handshake file', () => {
  it('is written private (0600), read back, and removed only by the server that wrote it', () => {
    const handshake = { url: 'http://127.0.0.1:4318', token: 'secret', pid: 42 };
    writeFileSync(adminHandshakePath(dir), 'left by a crash', { mode: 0o644 });
    writeAdminHandshake(dir, handshake);
    expect(statSync(adminHandshakePath(dir)).mode & 0o777).toBe(0o600);
    expect(readAdminHandshake(dir)).toEqual(handshake);

    removeAdminHandshake(dir, 'another server');
    expect(readAdminHandshake(dir)).toEqual(handshake);
    removeAdminHandshake(dir, 'secret');
    expect(readAdminHandshake(dir)).toBeUndefined();
  });

  it('is ignored when missing or malformed', () => {
    expect(readAdminHandshake(join(dir, 'nowhere'))).toBeUndefined();
    writeFileSync(adminHandshakePath(dir), '{"url": "http://x", "token": 5, "pid": 1}');
    expect(readAdminHandshake(dir)).toBeUndefined();
  });

  it('points a local client at loopback when the server listens on every address', () => {
    expect(loopbackUrlOf('http://0.0.0.0:4318')).toBe('http://127.0.0.1:4318');
    expect(loopbackUrlOf('http://[::]:4318')).toBe('http://[::1]:4318');
    expect(loopbackUrlOf('http://127.0.0.1:39999')).toBe('http://127.0.0.1:39999');
    expect(loopbackUrlOf('http://10.1.2.3:4318')).toBe('http://10.1.2.3:4318');
  });
});

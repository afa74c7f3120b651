import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh admin token: 32 random bytes, base64url. One per server process, never stored elsewhere than its handshake file. */
export function newAdminToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The token of an `authorization: Bearer <token>` header, if it has that form. */
export function bearerTokenOf(header: string | undefined): string | undefined {
  const match = /^Bearer +(\S+) *$/i.exec(header ?? '');
  return match?.[1];
}

/**
 * Whether a presented token is the expected one, in time that does not depend on where they
 * differ: both are hashed first, so timingSafeEqual compares equal lengths and leaks no length.
 */
export function adminTokenMatches(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  return timingSafeEqual(sha256(presented), sha256(expected));
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

import { createHash, randomBytes } from 'node:crypto';

/** Every plaintext API key starts with this, so leaked keys are easy to spot and scan for. */
export const API_KEY_PREFIX = 'prism_';

// Prefix plus a few characters, shown in listings so people can tell keys apart; reveals ~36 bits.
const DISPLAY_PREFIX_LENGTH = API_KEY_PREFIX.length + 6;

/** A new plaintext key: the prefix and 32 random bytes in base64url. */
export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString('base64url');
}

/** SHA-256 of the plaintext key: the only form that is stored. */
export function hashApiKey(key: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(key, 'utf8').digest());
}

/** The non-secret start of a key shown in listings. */
export function displayPrefixOf(key: string): string {
  return key.slice(0, DISPLAY_PREFIX_LENGTH);
}

/** Whether a string looks like a Prism key at all (cheap check before hashing and querying). */
export function looksLikeApiKey(key: string): boolean {
  return key.startsWith(API_KEY_PREFIX) && key.length === API_KEY_PREFIX.length + 43;
}

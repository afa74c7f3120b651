import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { API_KEY_PREFIX, displayPrefixOf, generateApiKey, hashApiKey, looksLikeApiKey } from './api-key-format';

describe('API key format', () => {
  it('is the prefix plus 32 random bytes in base64url', () => {
    const key = generateApiKey();
    expect(key.startsWith(API_KEY_PREFIX)).toBe(true);
    expect(Buffer.from(key.slice(API_KEY_PREFIX.length), 'base64url')).toHaveLength(32);
    expect(key).toMatch(/^prism_[A-Za-z0-9_-]{43}$/);
    expect(looksLikeApiKey(key)).toBe(true);
    expect(generateApiKey()).not.toBe(key);
  });

  it('hashes with SHA-256 of the whole key', () => {
    const expected = createHash('sha256').update('prism_abc').digest();
    expect(Buffer.from(hashApiKey('prism_abc'))).toEqual(expected);
  });

  it('shows only a short prefix and rejects foreign strings', () => {
    const key = generateApiKey();
    expect(displayPrefixOf(key)).toHaveLength(12);
    expect(key.startsWith(displayPrefixOf(key))).toBe(true);
    expect(looksLikeApiKey('Bearer xyz')).toBe(false);
    expect(looksLikeApiKey(`${key}x`)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { assertValidKey, assertValidPrefix, compareKeys, listLimitOf } from './object-key';
import { InvalidArgumentError, InvalidKeyError } from './object-store-errors';

describe('object keys', () => {
  it('accepts the Prism layouts', () => {
    for (const key of [
      'shard=3/tenants/acme/datasets/default/seg/p=9f/20231114T221000Z-300s/blocks/000001.blk',
      'shard=3/tenant=acme/dataset=default/dt=2023-11-14/hour=22/part-000.parquet',
      '.hidden/x',
      'é/ü',
    ]) {
      expect(() => assertValidKey(key)).not.toThrow();
    }
  });

  it('refuses keys that could escape the root or mean different things per backend', () => {
    for (const key of ['', '/a', 'a/', 'a//b', '..', 'a/../b', './a', 'a\\b', 'a\nb', 'x'.repeat(1025)]) {
      expect(() => assertValidKey(key), key).toThrow(InvalidKeyError);
    }
  });

  it('accepts prefixes that end mid-segment or with "/", but not unsafe ones', () => {
    for (const prefix of ['', 'shard=1/', 'shard=1/ten']) expect(() => assertValidPrefix(prefix)).not.toThrow();
    for (const prefix of ['/', '../', 'a//']) expect(() => assertValidPrefix(prefix), prefix).toThrow(InvalidKeyError);
  });

  it('orders keys by UTF-8 bytes, as S3 does', () => {
    // UTF-16 puts U+FF5E before U+1F600 (surrogates are 0xD83D…); UTF-8 puts it after.
    expect(['😀', '～', 'a/b', 'a-b'].sort(compareKeys)).toEqual(['a-b', 'a/b', '～', '😀']);
  });

  it('checks list page sizes', () => {
    expect(listLimitOf('p', undefined)).toBe(1000);
    expect(listLimitOf('p', { limit: 1 })).toBe(1);
    for (const limit of [0, 1001, 2.5]) expect(() => listLimitOf('p', { limit })).toThrow(InvalidArgumentError);
  });
});

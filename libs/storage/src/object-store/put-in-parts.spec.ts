import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { partsOf } from './put-in-parts';
import { chunked, patternBytes } from './test-support/object-store-conformance';

async function collect(parts: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const part of parts) out.push(part);
  return out;
}

describe('partsOf', () => {
  it('cuts bytes into full parts and a shorter last part', async () => {
    const parts = await collect(partsOf(patternBytes(25), 10));
    expect(parts.map((part) => part.length)).toEqual([10, 10, 5]);
    expect(await collect(partsOf(new Uint8Array(0), 10))).toEqual([]);
  });

  it('regroups any chunking of a stream into the same parts, bytes unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 1, max: 700 }), fc.integer({ min: 1, max: 500 }), async (size, chunk, part) => {
        const bytes = patternBytes(size, size + 1);
        const parts = await collect(partsOf(chunked(bytes, chunk), part));
        expect(parts.slice(0, -1).every((p) => p.length === part)).toBe(true);
        expect(Buffer.concat(parts).equals(Buffer.from(bytes))).toBe(true);
      }),
      { numRuns: 60, seed: 42 },
    );
  });

  it('copies stream chunks, so a producer reusing its buffer cannot change parts already cut', async () => {
    const shared = new Uint8Array(4);
    async function* reusing(): AsyncGenerator<Uint8Array> {
      for (let i = 1; i <= 3; i++) {
        shared.fill(i);
        yield shared;
      }
    }
    const parts = await collect(partsOf(reusing(), 6));
    expect(parts.map((part) => [...part])).toEqual([
      [1, 1, 1, 1, 2, 2],
      [2, 2, 3, 3, 3, 3],
    ]);
  });
});

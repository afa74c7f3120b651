import { describe, expect, it } from 'vitest';
import { MAX_AUTO_INGEST_THREADS, ingestThreadCount } from './ingest-service';

describe('ingestThreadCount', () => {
  it('takes one thread per core for auto, up to the cap, and an explicit count as given', () => {
    expect(ingestThreadCount({ ingestThreads: 'auto' }, 2)).toBe(2);
    expect(ingestThreadCount({ ingestThreads: 'auto' }, 64)).toBe(MAX_AUTO_INGEST_THREADS);
    expect(ingestThreadCount({ ingestThreads: 0 }, 64)).toBe(0);
    expect(ingestThreadCount({ ingestThreads: 12 }, 2)).toBe(12);
  });
});

import type { JsonValue } from '@prism/catalog';
import type { RecordedCommit } from '@prism/storage';
import { describe, expect, it } from 'vitest';
import { publishedSegmentsOf, type RecordedSegmentCommit } from './recorded-commit';

const segment = (segmentId: string): RecordedSegmentCommit => ({ segmentId, version: 3, rows: 10, bytes: 200, minNs: '1', maxNs: '2' });
const recorded = [segment('20231114T221000Z-300s'), segment('20231114T221500Z-300s')] as unknown as JsonValue;

/** A hot store answering from a set of published segment ids, or failing as a disk would. */
function storeAnswering(answer: (commit: RecordedCommit) => boolean | Error) {
  const asked: RecordedCommit[] = [];
  return {
    asked,
    isPublished: async (_tenant: string, _dataset: string, commit: RecordedCommit) => {
      asked.push(commit);
      const result = answer(commit);
      if (result instanceof Error) throw result;
      return result;
    },
  };
}

describe('publishedSegmentsOf', () => {
  it('asks the hot store about each recorded segment commit, with its fingerprint', async () => {
    const store = storeAnswering((commit) => commit.segmentId.startsWith('20231114T221000Z'));
    const { state, published } = await publishedSegmentsOf(store, 'acme', 'spans', recorded);
    expect(state).toBe('partly-published');
    expect(published.map((s) => s.segmentId)).toEqual(['20231114T221000Z-300s']);
    expect(store.asked[0]).toEqual({ segmentId: '20231114T221000Z-300s', version: 3, rowCount: 10, bytes: 200, minTimestampNs: '1', maxTimestampNs: '2' });
    expect(
      (
        await publishedSegmentsOf(
          storeAnswering(() => true),
          'acme',
          'spans',
          recorded,
        )
      ).state,
    ).toBe('published');
    expect(
      (
        await publishedSegmentsOf(
          storeAnswering(() => false),
          'acme',
          'spans',
          recorded,
        )
      ).state,
    ).toBe('unpublished');
  });

  it('lets a read error through instead of calling the commit unpublished (its rows would be written twice)', async () => {
    const eio = Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' });
    await expect(
      publishedSegmentsOf(
        storeAnswering(() => eio),
        'acme',
        'spans',
        recorded,
      ),
    ).rejects.toBe(eio);
  });
});

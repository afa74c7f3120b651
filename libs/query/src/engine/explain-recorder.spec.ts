import { signalByName } from '@prism/signal-registry';
import { describe, expect, it } from 'vitest';
import { resolvePlan } from '../plan/resolve-plan';
import { ExplainRecorder } from './explain-recorder';

const plan = resolvePlan({ signal: 'spans', timeRange: { fromNs: 10n, toNs: 20n }, aggregates: [{ fn: 'count' }] }, signalByName);

describe('ExplainRecorder', () => {
  it('gives the explain section its documented shape, key order included', () => {
    const recorder = new ExplainRecorder('acme');
    recorder.planned(plan);
    const explain = recorder.finish();
    expect(Object.keys(explain)).toEqual([
      'tenantId',
      'signal',
      'dataset',
      'segmentSource',
      'segments',
      'blocks',
      'tiers',
      'rowGroups',
      'columnsRead',
      'bytesRead',
      'bytesFetched',
      'rowsScanned',
      'rowsMatched',
      'openedSegments',
      'stageMs',
      'timeRange',
    ]);
    expect(explain).toMatchObject({ tenantId: 'acme', signal: 'spans', dataset: 'spans', timeRange: { fromNs: '10', toNs: '20' } });
    expect(Object.keys(explain.stageMs)).toEqual(['plan', 'prune', 'read', 'execute', 'format']);
  });

  it('sums a stage over its slices, counting a slice that throws', async () => {
    let now = 0;
    const recorder = new ExplainRecorder('acme');
    const realNow = performance.now.bind(performance);
    performance.now = () => now;
    try {
      recorder.time('prune', () => (now += 3));
      await recorder.timeAsync('prune', async () => {
        now += 4;
      });
      expect(() =>
        recorder.time('read', () => {
          now += 5;
          throw new Error('budget');
        }),
      ).toThrow('budget');
    } finally {
      performance.now = realNow;
    }
    expect(recorder.finish().stageMs).toEqual({ plan: 0, prune: 7, read: 5, execute: 0, format: 0 });
  });

  it('counts candidates against the dataset, never fewer in the dataset than candidates', () => {
    const byTime = new ExplainRecorder('acme');
    byTime.candidatesFound('time-range', 2, 5);
    expect(byTime.finish().segments).toMatchObject({ inDataset: 5, candidates: 2, prunedByTime: 3, prunedByTraceHints: 0 });
    const byHints = new ExplainRecorder('acme');
    byHints.candidatesFound('trace-hints', 3, 1);
    expect(byHints.finish()).toMatchObject({ segmentSource: 'trace-hints', segments: { inDataset: 3, candidates: 3, prunedByTraceHints: 0 } });
  });

  it('counts cold blocks as row groups too, and columns read once each, sorted', () => {
    const recorder = new ExplainRecorder('acme');
    recorder.unitOpened('acme/spans/a', 'hot');
    recorder.blocksPruned(
      'hot',
      3,
      new Map([
        [1, 'stats'],
        [2, 'dictionary'],
      ]),
    );
    recorder.blocksRead('hot', 1);
    recorder.unitRead(['timestamp', 'name']);
    recorder.unitOpened('parts/p1.parquet', 'cold');
    recorder.blocksPruned(
      'cold',
      4,
      new Map([
        [0, 'stats'],
        [1, 'bloom'],
        [2, 'bloom'],
      ]),
    );
    recorder.blocksRead('cold', 1);
    recorder.unitRead(['name', 'duration']);
    recorder.rowsFiltered(10, 2);
    recorder.rowsFiltered(5, 0);
    const explain = recorder.finish();
    expect(explain.tiers).toEqual({ hot: 1, warm: 0, cold: 1 });
    expect(explain.blocks).toMatchObject({ considered: 7, prunedByStats: 2, prunedByDictionary: 1, prunedByBloom: 2, read: 2 });
    expect(explain.rowGroups).toEqual({ considered: 4, prunedByStats: 1, prunedByBloom: 2, read: 1 });
    expect(explain.segments.read).toBe(2);
    expect(explain.columnsRead).toEqual(['duration', 'name', 'timestamp']);
    expect(explain.openedSegments).toEqual(['acme/spans/a', 'parts/p1.parquet']);
    expect(explain).toMatchObject({ rowsScanned: 15, rowsMatched: 2 });
  });
});

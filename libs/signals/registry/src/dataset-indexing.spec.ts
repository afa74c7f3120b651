import { describe, expect, it } from 'vitest';
import { datasetIndexingOf } from './dataset-indexing';
import { registeredSignals } from './registered-signal-lookups';
import { findSignalConflicts } from './signal-conflicts';
import { fakeSignal } from './test-support/fake-signal';

describe('datasetIndexingOf', () => {
  const indexingFor = datasetIndexingOf(registeredSignals());

  it('gives each signal dataset its own signal indexing, not a merged set', () => {
    expect(indexingFor('spans').traceIdColumn).toBe('trace_id');
    expect(indexingFor('spans').bloom).toContain('parent_span_id');
    expect(indexingFor('logs').traceIdColumn).toBe('trace_id');
    expect(indexingFor('logs').bloom).not.toContain('parent_span_id');
    expect(indexingFor('logs').dictionary).toContain('severity_text');
    expect(indexingFor('spans').dictionary).not.toContain('severity_text');
    expect(indexingFor('metrics')).toMatchObject({ bloom: [] });
    expect(indexingFor('metrics').traceIdColumn).toBeUndefined();
  });

  it('indexes nothing in a dataset no signal owns', () => {
    expect(indexingFor('scratch')).toEqual({ dictionary: [], bloom: [] });
  });

  it('relies on default datasets being unique: the registry refuses two signals sharing one', () => {
    expect(findSignalConflicts([fakeSignal('spans'), fakeSignal('traces', { defaultDataset: 'spans' })])).toEqual([
      { kind: 'defaultDataset', value: 'spans', signals: ['spans', 'traces'] },
    ]);
  });
});

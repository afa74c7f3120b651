import { DecodeError, type IngestFormat, type SignalAggregate, type SignalQueryRoute } from '@prism/contract';
import { describe, expect, it } from 'vitest';
import { SignalConflictError, findSignalConflicts } from './signal-conflicts';
import { fakeSignal } from './test-support/fake-signal';

const zipkinFormat = (path: string): IngestFormat => ({
  path,
  contentTypes: ['application/json'],
  eventize: () => ({ ok: false, error: new DecodeError('not under test') }),
});

describe('findSignalConflicts', () => {
  it('finds none among distinct signals', () => {
    expect(findSignalConflicts([fakeSignal('spans'), fakeSignal('logs'), fakeSignal('metrics')])).toEqual([]);
  });

  it('reports a shared name once, with every claimant', () => {
    const conflicts = findSignalConflicts([fakeSignal('logs'), fakeSignal('spans'), fakeSignal('logs', { otlpPath: '/v1/other' })]);
    expect(conflicts).toContainEqual({ kind: 'name', value: 'logs', signals: ['logs', 'logs'] });
  });

  it('reports a shared OTLP path', () => {
    const conflicts = findSignalConflicts([fakeSignal('spans', { otlpPath: '/v1/traces' }), fakeSignal('traces')]);
    expect(conflicts).toEqual([{ kind: 'path', value: '/v1/traces', signals: ['spans', 'traces'] }]);
  });

  it('treats extra format paths and OTLP paths as one namespace', () => {
    const conflicts = findSignalConflicts([
      fakeSignal('spans', { extraFormats: [zipkinFormat('/api/v2/spans')] }),
      fakeSignal('zipkin', { otlpPath: '/api/v2/spans' }),
    ]);
    expect(conflicts).toEqual([{ kind: 'path', value: '/api/v2/spans', signals: ['spans', 'zipkin'] }]);
  });

  it('reports shared signal types and attribute prefixes', () => {
    const conflicts = findSignalConflicts([
      fakeSignal('spans', { signalType: 'span', attributePrefix: 'span.attr.' }),
      fakeSignal('spans-v2', { signalType: 'span', attributePrefix: 'span.attr.' }),
    ]);
    expect(conflicts.map((conflict) => conflict.kind)).toEqual(['signalType', 'attributePrefix']);
  });

  it('reports an attribute prefix nested in another', () => {
    const conflicts = findSignalConflicts([fakeSignal('a', { attributePrefix: 'x.' }), fakeSignal('b', { attributePrefix: 'x.attr.' })]);
    expect(conflicts).toEqual([{ kind: 'attributePrefix', value: 'x.attr.', signals: ['a', 'b'] }]);
  });
});

describe('findSignalConflicts over query contributions', () => {
  const route = (path: string): SignalQueryRoute => ({ method: 'GET', path, handle: async () => [] });
  const aggregate = (fn: string): SignalAggregate => ({
    fn,
    column: 'none',
    quantile: false,
    reads: [],
    needs: 'nothing',
    outputName: () => fn,
    create: () => ({ add: () => 0, result: () => null }),
  });

  it('reports a query route or an aggregate two signals both add', () => {
    const conflicts = findSignalConflicts([
      fakeSignal('a', { routes: [route('/api/v1/summary')], aggregates: [aggregate('top')] }),
      fakeSignal('b', { routes: [route('/api/v1/summary')], aggregates: [aggregate('top')] }),
    ]);
    expect(conflicts).toEqual([
      { kind: 'queryRoute', value: 'GET /api/v1/summary', signals: ['a', 'b'] },
      { kind: 'aggregate', value: 'top', signals: ['a', 'b'] },
    ]);
  });
});

describe('SignalConflictError', () => {
  it('names every conflict in its message', () => {
    const error = new SignalConflictError([{ kind: 'path', value: '/v1/logs', signals: ['logs', 'events'] }]);
    expect(error.message).toBe('conflicting signal plug-ins: path "/v1/logs" claimed by logs, events');
    expect(error.name).toBe('SignalConflictError');
  });
});

import { describe, expect, it } from 'vitest';
import { registeredAggregates, registeredSignals, signalByName, signalForOtlpPath } from './registered-signal-lookups';
import { findSignalConflicts } from './signal-conflicts';

describe('registered signals', () => {
  it('include spans, logs and metrics under their OTLP paths', () => {
    expect(registeredSignals().map((signal) => signal.name)).toEqual(expect.arrayContaining(['spans', 'logs', 'metrics']));
    expect(signalForOtlpPath('/v1/traces')?.name).toBe('spans');
    expect(signalForOtlpPath('/v1/logs')?.name).toBe('logs');
    expect(signalForOtlpPath('/v1/metrics')?.name).toBe('metrics');
    expect(signalByName('logs')?.ingest.otlpPath).toBe('/v1/logs');
  });

  it('do not conflict', () => {
    expect(findSignalConflicts(registeredSignals())).toEqual([]);
  });

  it('gather the aggregates signals add to the query DSL', () => {
    expect(registeredAggregates().map((aggregate) => aggregate.fn)).toEqual(expect.arrayContaining(['rate', 'histogram_quantile']));
  });
});

import { describe, expect, it } from 'vitest';
import { registeredSignals, signalByName, signalForOtlpPath } from './registered-signal-lookups';
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
});

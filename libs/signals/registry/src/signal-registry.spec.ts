import { describe, expect, it } from 'vitest';
import { SignalConflictError } from './signal-conflicts';
import { createSignalRegistry } from './signal-registry';
import { fakeSignal } from './test-support/fake-signal';

describe('createSignalRegistry', () => {
  const spans = fakeSignal('spans', { otlpPath: '/v1/traces' });
  const logs = fakeSignal('logs');
  const registry = createSignalRegistry([spans, logs]);

  it('lists the signals in registration order', () => {
    expect(registry.all().map((signal) => signal.name)).toEqual(['spans', 'logs']);
  });

  it('finds a signal by name', () => {
    expect(registry.byName('logs')).toBe(logs);
    expect(registry.byName('profiles')).toBeUndefined();
  });

  it('finds a signal by OTLP path, ignoring a trailing slash', () => {
    expect(registry.forOtlpPath('/v1/traces')).toBe(spans);
    expect(registry.forOtlpPath('/v1/traces/')).toBe(spans);
    expect(registry.forOtlpPath('/v1/spans')).toBeUndefined();
  });

  it('refuses conflicting signals with a SignalConflictError', () => {
    expect(() => createSignalRegistry([logs, fakeSignal('events', { otlpPath: '/v1/logs' })])).toThrow(SignalConflictError);
  });

  it('cannot be changed through the list it returns', () => {
    expect(Object.isFrozen(registry.all())).toBe(true);
  });
});

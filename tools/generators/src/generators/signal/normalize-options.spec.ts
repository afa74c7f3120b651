import { describe, expect, it } from 'vitest';
import { singularOf } from './normalize-options';

describe('singularOf', () => {
  it.each([
    ['spans', 'span'],
    ['logs', 'log'],
    ['metrics', 'metric'],
    ['profiles', 'profile'],
    ['k8s-events', 'k8s-event'],
    ['entries', 'entry'],
    ['boxes', 'box'],
    ['patches', 'patch'],
    ['process', 'process'],
    ['status', 'status'],
    ['analysis', 'analysis'],
    ['telemetry', 'telemetry'],
  ])('%s → %s', (plural, singular) => {
    expect(singularOf(plural)).toBe(singular);
  });
});

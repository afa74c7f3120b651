import { describe, expect, it } from 'vitest';
import { statText } from './stat-text';

describe('statText', () => {
  it('writes each column type in a form that parses back', () => {
    expect(statText({ type: 'string', value: 'GET /' })).toBe('GET /');
    expect(statText({ type: 'int64', value: -9_223_372_036_854_775_808n })).toBe('-9223372036854775808');
    expect(statText({ type: 'double', value: 0.1 })).toBe('0.1');
    expect(Number(statText({ type: 'double', value: 1 / 3 }))).toBe(1 / 3);
    expect(statText({ type: 'bool', value: false })).toBe('false');
    expect(statText({ type: 'bytes', value: new Uint8Array([0, 171, 255]) })).toBe('00abff');
    expect(statText({ type: 'json', value: '[1,2]' })).toBe('[1,2]');
  });
});

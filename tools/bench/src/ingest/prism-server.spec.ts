import { describe, expect, it } from 'vitest';
import { apiKeyFromBanner } from './prism-server';

describe('apiKeyFromBanner', () => {
  it('takes the first non-empty line after the heading', () => {
    const banner = ['', 'Prism created tenant "dev" with this API key (shown only now; keep it):', '', '  prism_abc123', '', 'Send a span:'].join('\n');
    expect(apiKeyFromBanner(`some warning\n${banner}`)).toBe('prism_abc123');
  });

  it('is undefined before the banner arrives', () => {
    expect(apiKeyFromBanner('starting…\n')).toBeUndefined();
  });
});

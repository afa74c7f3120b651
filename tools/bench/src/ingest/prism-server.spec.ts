import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiKeyFromBanner, startScriptNodeFlags } from './prism-server';

describe('apiKeyFromBanner', () => {
  it('takes the first non-empty line after the heading', () => {
    const banner = ['', 'Prism created tenant "dev" with this API key (shown only now; keep it):', '', '  prism_abc123', '', 'Send a span:'].join('\n');
    expect(apiKeyFromBanner(`some warning\n${banner}`)).toBe('prism_abc123');
  });

  it('is undefined before the banner arrives', () => {
    expect(apiKeyFromBanner('starting…\n')).toBeUndefined();
  });
});

describe('startScriptNodeFlags', () => {
  it("reads the flags of the workspace's own start script", () => {
    const packageJson = readFileSync(join(__dirname, '../../../../package.json'), 'utf8');
    expect(startScriptNodeFlags(packageJson)).toEqual(['--enable-source-maps', '--single-threaded-gc']);
  });

  it('takes flags with values and none at all', () => {
    const script = (start: string) => JSON.stringify({ scripts: { start } });
    expect(startScriptNodeFlags(script('nx run prism:build && exec node --max-old-space-size=4096 dist/apps/prism/main.js'))).toEqual([
      '--max-old-space-size=4096',
    ]);
    expect(startScriptNodeFlags(script('node dist/apps/prism/main.js'))).toEqual([]);
  });

  it('fails loudly when the start script no longer runs the server bundle', () => {
    expect(() => startScriptNodeFlags(JSON.stringify({ scripts: { start: 'nx serve prism' } }))).toThrow(/does not run node/);
  });
});

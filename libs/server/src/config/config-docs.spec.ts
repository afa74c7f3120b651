import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_TABLE_END, CONFIG_TABLE_START, renderConfigTable } from './config-docs';
import { configVariables } from './config-variables';

describe('renderConfigTable', () => {
  it('has one row per variable with its default', () => {
    const lines = renderConfigTable().split('\n');
    expect(lines).toHaveLength(2 + Object.keys(configVariables).length);
    expect(lines).toContain('| `PRISM_PORT` | `4318` | an integer from 0 to 65535 | TCP port; 4318 is the standard OTLP/HTTP port. `0` picks a free port. |');
    expect(lines.find((line) => line.startsWith('| `PRISM_DATABASE_URL`'))).toContain('| *(unset)* |');
  });

  it('matches the table in the README (paste the rendered table there when this fails)', () => {
    const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
    const start = readme.indexOf(CONFIG_TABLE_START);
    const end = readme.indexOf(CONFIG_TABLE_END);
    expect(start).toBeGreaterThan(-1);
    expect(end).toBeGreaterThan(start);
    expect(readme.slice(start + CONFIG_TABLE_START.length, end).trim()).toBe(renderConfigTable());
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { directoryBytes, segmentPartOf } from './directory-bytes';

const root = mkdtempSync(join(tmpdir(), 'bench-dir-bytes-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('directoryBytes', () => {
  it('sums file sizes and splits them by the part of a segment they belong to', async () => {
    const segment = join(root, 'tenants', 'dev', 'datasets', 'spans', 'segments', 'w1');
    mkdirSync(join(segment, 'manifest'), { recursive: true });
    mkdirSync(join(segment, 'blocks'), { recursive: true });
    writeFileSync(join(segment, 'manifest', '000001.json'), 'x'.repeat(100));
    writeFileSync(join(segment, 'manifest', '000002.json'), 'x'.repeat(150));
    writeFileSync(join(segment, 'blocks', '000001.blk'), 'x'.repeat(1000));
    writeFileSync(join(segment, 'HEAD'), '2');
    const bytes = await directoryBytes(root);
    expect(bytes.apparent).toBe(1251);
    expect(bytes.allocated).toBeGreaterThanOrEqual(1251);
    expect(bytes.bySegmentPart).toEqual({ manifest: 250, blocks: 1000, HEAD: 1 });
  });

  it('names files outside segments by their own name', () => {
    expect(segmentPartOf(join('tenants', 'dev', 'state.json'))).toBe('state.json');
  });
});

import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RowBatchBuilder } from '@prism/contract';
import { HotStoreWriter } from './hot-store-writer';
import { openSegmentReader } from './segment-reader';
import { listSegments } from './segment-listing';
import { CRASH_SEGMENT_MS, crashBatchShape } from './test-support/crash-writer';

const RUNS = 25;
const LEASE_TTL_MS = 150;
let work: string;
let script: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'prism-crash-'));
  script = join(work, 'crash-writer.cjs');
  await build({
    entryPoints: [join(import.meta.dirname, 'test-support', 'crash-writer.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: script,
    logLevel: 'silent',
    tsconfig: join(import.meta.dirname, '..', 'tsconfig.json'),
  });
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Deterministic delays (mulberry32). */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs one child until it acked once, lets it run a random while more, then SIGKILLs it. */
function runAndKill(root: string, child: number, delayMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const process_ = spawn(process.execPath, [script, root, String(child), String(LEASE_TTL_MS)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acked: string[] = [];
    let buffered = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    process_.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('ack ')) acked.push(line.slice(4));
      if (acked.length > 0 && timer === undefined) timer = setTimeout(() => process_.kill('SIGKILL'), delayMs);
    });
    process_.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    process_.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(acked);
      else reject(new Error(`child exited on its own: ${stderr}`));
    });
  });
}

/** Rows per batch tag found in the store, and per (tag, segment). */
async function visibleRows(root: string): Promise<{ perTag: Map<string, number>; perSegment: Map<string, number> }> {
  const perTag = new Map<string, number>();
  const perSegment = new Map<string, number>();
  for (const { segmentId } of await listSegments(root, 'crash', 'spans')) {
    const reader = await openSegmentReader(root, 'crash', 'spans', segmentId);
    const table = await reader.readColumns(['batch_tag']);
    const tags = table.getChild('batch_tag');
    for (let row = 0; row < table.numRows; row++) {
      const tag = tags?.get(row) as string;
      perTag.set(tag, (perTag.get(tag) ?? 0) + 1);
      perSegment.set(`${tag}@${segmentId}`, (perSegment.get(`${tag}@${segmentId}`) ?? 0) + 1);
    }
  }
  return { perTag, perSegment };
}

/** Rows a batch puts in each 1-second segment, by segment start in ms. */
function expectedPerSegment(child: number, batch: number): Map<number, number> {
  const { rows, startNs, stepNs } = crashBatchShape(child, batch);
  const counts = new Map<number, number>();
  for (let row = 0; row < rows; row++) {
    const ms = Number((startNs + BigInt(row) * stepNs) / 1_000_000n);
    const window = ms - (ms % CRASH_SEGMENT_MS);
    counts.set(window, (counts.get(window) ?? 0) + 1);
  }
  return counts;
}

describe('crash safety', () => {
  it(`keeps every acknowledged batch and exposes no half-written commit across ${RUNS} SIGKILLs`, async () => {
    const root = join(work, 'hot');
    const random = prng(20_231_114);
    const acked = new Set<string>();
    for (let child = 0; child < RUNS; child++) {
      for (const tag of await runAndKill(root, child, Math.floor(random() * 60))) acked.add(tag);
      const { perTag, perSegment } = await visibleRows(root);
      for (const tag of acked) expect(perTag.has(tag), `acked ${tag} is readable`).toBe(true);
      for (const [key, count] of perSegment) {
        // Each segment commit is all or nothing: a batch's rows in a segment are all there.
        const [tag, segmentId] = key.split('@');
        const [, c, b] = /^c(\d+)-b(\d+)$/.exec(tag) ?? [];
        const startMs = Date.UTC(
          +segmentId.slice(0, 4),
          +segmentId.slice(4, 6) - 1,
          +segmentId.slice(6, 8),
          +segmentId.slice(9, 11),
          +segmentId.slice(11, 13),
          +segmentId.slice(13, 15),
        );
        expect(count, `${key} complete`).toBe(expectedPerSegment(Number(c), Number(b)).get(startMs));
      }
      for (const tag of acked) {
        const [, c, b] = /^c(\d+)-b(\d+)$/.exec(tag) ?? [];
        expect(perTag.get(tag), `${tag} row count`).toBe(crashBatchShape(Number(c), Number(b)).rows);
      }
    }
    expect(acked.size).toBeGreaterThan(RUNS);

    // A new writer takes over once the last lease expired, and appends.
    await new Promise((resolve) => setTimeout(resolve, LEASE_TTL_MS + 20));
    const writer = new HotStoreWriter({ root, segmentDurationMs: CRASH_SEGMENT_MS, leaseTtlMs: LEASE_TTL_MS });
    const builder = new RowBatchBuilder();
    builder.startRow();
    const last = (await listSegments(root, 'crash', 'spans')).at(-1);
    builder.setInt64('timestamp', last?.windowStartNs ?? 0n);
    builder.setString('batch_tag', 'final');
    const prepared = await writer.prepareCommit('crash', 'spans', builder.build());
    await prepared.publish();
    await writer.close();
    expect((await visibleRows(root)).perTag.get('final')).toBe(1);
  }, 120_000);
});

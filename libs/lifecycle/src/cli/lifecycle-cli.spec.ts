import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FilesystemObjectStore, defaultFilesystemObjectStoreOptions } from '@prism/storage';
import { InProcessEventBus } from '../events/in-process-event-bus';
import { lifecycleEvent } from '../events/lifecycle-event';
import { FileSealerCatalog } from '../test-support/file-sealer-catalog';
import { BASE_NS, rowsBatch, writeHotSegments } from '../test-support/hot-fixture';
import { InMemoryDeadLetterStore } from '../test-support/in-memory-dead-letter-store';
import { runLifecycleCommand } from './lifecycle-cli';
import { formatProgressBar } from './progress-bar';
import { scheduledSealerHandler } from '../lambda/scheduled-sealer-handler';

const NOW_MS = Number(BASE_NS / 1_000_000n) + 3_600_000;
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'prism-lifecycle-cli-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function capture(isTTY = false) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: { write: (text: string) => out.push(text) }, stderr: { write: (text: string) => err.push(text), isTTY } }, out, err };
}

async function sealerDeps() {
  const hotRoot = join(dir, 'hot');
  const segments = await writeHotSegments(hotRoot, 'acme', 'spans', [rowsBatch(10, BASE_NS, 1), rowsBatch(10, BASE_NS + 300_000_000_000n, 2)]);
  const catalog = FileSealerCatalog.create(join(dir, 'catalog.json'), segments);
  const objects = new FilesystemObjectStore(defaultFilesystemObjectStoreOptions(join(dir, 'objects')));
  return { catalog, deps: { catalog, hotRoot, objects, clock: () => NOW_MS } };
}

describe('runLifecycleCommand', () => {
  it('seal runs one pass with plain progress lines when stderr is not a terminal', async () => {
    const { catalog, deps } = await sealerDeps();
    const { io, out, err } = capture();
    expect(await runLifecycleCommand(['seal'], { sealer: { deps } }, io)).toBe(0);
    expect(out.join('')).toBe('sealed 2 (0 resumed), busy 0, not due 0, failed 0\n');
    expect(err).toEqual(['seal: 2 to do\n', 'seal 1/2 acme/spans/20231114T221000Z-300s sealed\n', 'seal 2/2 acme/spans/20231114T221500Z-300s sealed\n']);
    expect(catalog.segments().map((segment) => segment.state)).toEqual(['sealed', 'sealed']);
  });

  it('draws a bar redrawn in place on a terminal', async () => {
    const { deps } = await sealerDeps();
    const { io, err } = capture(true);
    await runLifecycleCommand(['seal'], { sealer: { deps } }, io);
    expect(err.every((text) => text.startsWith('\r\x1b[2K'))).toBe(true);
    expect(err.at(-1)).toBe(`\r\x1b[2Kseal [${'#'.repeat(30)}] 2/2 acme/spans/20231114T221500Z-300s sealed\n`);
    expect(formatProgressBar({ pass: 'retain', done: 1, total: 3 })).toBe(`retain [${'#'.repeat(10)}${'.'.repeat(20)}] 1/3`);
  });

  it('lists and replays dead letters', async () => {
    const store = new InMemoryDeadLetterStore(() => new Date('2025-01-01T00:00:00Z'));
    let up = false;
    const bus = new InProcessEventBus({ deadLetters: store, retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 } });
    bus.subscribe('webhook', async () => {
      if (!up) throw new Error('connection refused');
    });
    await bus.publish(lifecycleEvent('segment.sealed', { tenantId: 'acme', dataset: 'spans', segmentId: 'acme/spans/w' }, 0));
    const list = capture();
    expect(await runLifecycleCommand(['dlq', 'list'], { deadLetters: store }, list.io)).toBe(0);
    expect(list.out).toEqual(['dl-1 2025-01-01T00:00:00.000Z segment.sealed handler=webhook attempts=1 error="connection refused"\n', '1 dead letter\n']);

    const failed = capture();
    expect(await runLifecycleCommand(['dlq', 'replay', 'dl-1'], { deadLetters: store, bus }, failed.io)).toBe(1);
    expect(failed.out).toEqual(['failed dl-1: connection refused\n']);
    up = true;
    const replay = capture();
    expect(await runLifecycleCommand(['dlq', 'replay', '--all'], { deadLetters: store, bus }, replay.io)).toBe(0);
    expect(replay.out).toEqual(['replayed dl-1\n']);
    const after = capture();
    await runLifecycleCommand(['dlq', 'list'], { deadLetters: store }, after.io);
    expect(after.out).toEqual(['0 dead letters\n']);
  });

  it('answers bad usage and missing wiring with exit code 2 and the usage text', async () => {
    for (const argv of [[], ['compactify'], ['compact'], ['dlq'], ['dlq', 'replay'], ['retain'], ['seal', '--bogus']]) {
      const { io, err } = capture();
      const store = new InMemoryDeadLetterStore();
      expect(await runLifecycleCommand(argv, { deadLetters: store, bus: new InProcessEventBus({ deadLetters: store }) }, io)).toBe(2);
      expect(err.join('')).toContain('usage:');
    }
  });

  it('the scheduled Lambda handler runs one sealer pass per invocation, building its deps once', async () => {
    const { deps } = await sealerDeps();
    let built = 0;
    const lines: Array<Record<string, unknown>> = [];
    const handler = scheduledSealerHandler(
      () => (built++, deps),
      {},
      (line) => lines.push(line),
    );
    expect((await handler({ 'detail-type': 'Scheduled Event', time: '2025-01-01T00:00:00Z' })).sealed).toHaveLength(2);
    expect((await handler({})).sealed).toEqual([]);
    expect(built).toBe(1);
    expect(lines.at(-1)).toMatchObject({ msg: 'seal pass done', sealed: 0 });
  });
});

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Catalog } from '@prism/catalog';
import { ContentType, type Signal } from '@prism/contract';
import { datasetIndexingOf, registeredSignals, signalByName } from '@prism/signal-registry';
import { HotStoreWriter } from '@prism/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryCatalog, visibleRowCount } from '../test-support/ingest-fixture';
import { sdkTraceBodies } from '../test-support/sdk-payloads';
import { IngestService } from './ingest-service';

// A real full disk: the hot store on a 1 MiB tmpfs (needs mount rights, as CI's root has here;
// skipped loudly elsewhere), filled by ingest until a write fails with ENOSPC, then grown.
const spans = signalByName('spans') as Signal;
const dir = mkdtempSync(join(tmpdir(), 'prism-disk-full-'));

function tryMount(): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    rmSync(dir, { recursive: true, force: true });
    console.warn('\n!!! cannot mount a tmpfs here (not root?): SKIPPING the full-disk ingest spec !!!\n');
    return false;
  }
}
const mounted = tryMount();

describe.skipIf(!mounted)('ingest on a full disk', () => {
  let catalog: Catalog;
  let store: HotStoreWriter;

  beforeAll(async () => {
    catalog = await memoryCatalog();
    await catalog.tenants.create({ tenantId: 'acme' });
    store = new HotStoreWriter({ root: dir, indexingFor: datasetIndexingOf(registeredSignals()) });
  });
  afterAll(async () => {
    await store?.close();
    await catalog?.close();
    execFileSync('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a retryable 503 when a write hits ENOSPC, keeps every acknowledged span, and takes the retry once space is back', async () => {
    const service = new IngestService({ catalog, store });
    // One body per key, as a client's retry sends the same bytes again.
    const bodies = new Map<string, Uint8Array>();
    const bodyOf = (label: string) => bodies.get(label) ?? bodies.set(label, sdkTraceBodies(500, label).protobuf).get(label) ?? new Uint8Array();
    const ingest = (label: string) =>
      service.ingest({
        tenant: { tenantId: 'acme', shardId: 1 },
        signal: spans,
        body: bodyOf(label),
        contentType: ContentType.protobuf,
        idempotencyKey: label,
      });

    let acknowledged = 0;
    let refused: { label: string; outcome: Awaited<ReturnType<typeof ingest>> } | undefined;
    for (let request = 0; request < 200 && refused === undefined; request++) {
      const label = `r${request}`;
      const outcome = await ingest(label);
      if (outcome.kind === 'accepted') acknowledged += 500;
      else refused = { label, outcome };
    }
    expect(refused, 'the 1 MiB disk never filled').toBeDefined();
    expect(refused?.outcome).toMatchObject({ kind: 'retryable', status: 503 });
    expect(acknowledged).toBeGreaterThan(0);

    // Nothing acknowledged is lost, nothing refused is visible, and the catalog agrees with the disk.
    const catalogRows = async () =>
      (await catalog.forTenant('acme').segments.overlapping({ dataset: spans.defaultDataset, fromNs: 0n, toNs: 1n << 62n })).reduce(
        (sum, segment) => sum + segment.rowCount,
        0,
      );
    expect(await visibleRowCount(dir, 'acme', spans.defaultDataset)).toBe(acknowledged);
    expect(await catalogRows()).toBe(acknowledged);

    // Space comes back: the client's retry of the refused request goes through, without repair.
    execFileSync('mount', ['-o', 'remount,size=64m', dir]);
    const retried = await ingest(refused?.label ?? '');
    expect(retried.kind).toBe('accepted');
    expect(await visibleRowCount(dir, 'acme', spans.defaultDataset)).toBe(acknowledged + 500);
    expect(await catalogRows()).toBe(acknowledged + 500);
    // And it stays exactly once: the same key again is answered from the key, not stored twice.
    expect((await ingest(refused?.label ?? '')).kind).toBe('duplicate');
    expect(await visibleRowCount(dir, 'acme', spans.defaultDataset)).toBe(acknowledged + 500);
  });
});

import { RowBatchBuilder, type RowBatch } from '@prism/contract';
import { LeaseHeldError, LeaseLostError } from '../errors';
import { HotStoreWriter } from '../hot-store-writer';

/**
 * The child process of the crash test: appends batches forever, printing `ack <tag>` after each
 * publish. Arguments: root, child number, lease TTL in ms.
 */
export const CRASH_SEGMENT_MS = 1000;
export const CRASH_BASE_NS = 1_700_000_000_000_000_000n;

/** Rows of batch `batch` of child `child`: deterministic so the test can check what it finds. */
export function crashBatchShape(child: number, batch: number): { tag: string; rows: number; startNs: bigint; stepNs: bigint } {
  return {
    tag: `c${child}-b${batch}`,
    rows: 1 + ((batch * 7 + child) % 40),
    startNs: CRASH_BASE_NS + BigInt(child * 1000 + batch) * 300_000_000n,
    stepNs: 10_000_000n,
  };
}

function crashBatch(child: number, batch: number): RowBatch {
  const { tag, rows, startNs, stepNs } = crashBatchShape(child, batch);
  const builder = new RowBatchBuilder({ initialCapacity: rows });
  for (let row = 0; row < rows; row++) {
    builder.startRow();
    builder.setInt64('timestamp', startNs + BigInt(row) * stepNs);
    builder.setString('batch_tag', tag);
    builder.setInt64('row', BigInt(row));
    if (batch % 3 === 0) builder.setString(`span.attr.only_in_${batch % 9}`, 'x'.repeat(row));
  }
  return builder.build();
}

async function main(): Promise<void> {
  const [root, childArg, ttlArg] = process.argv.slice(2);
  const child = Number(childArg);
  const writer = new HotStoreWriter({ root, segmentDurationMs: CRASH_SEGMENT_MS, leaseTtlMs: Number(ttlArg) });
  for (let batch = 0; ; batch++) {
    for (;;) {
      try {
        const prepared = await writer.prepareCommit('crash', 'spans', crashBatch(child, batch));
        await prepared.publish();
        break;
      } catch (error) {
        // A killed predecessor's lease lives until it expires; wait and retry. Our own short lease
        // can also lapse on a loaded machine (a slow fsync between prepare and publish): the
        // writer then refuses to publish, nothing was acknowledged, and the batch is retried.
        if (!(error instanceof LeaseHeldError) && !(error instanceof LeaseLostError)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
    process.stdout.write(`ack ${crashBatchShape(child, batch).tag}\n`);
  }
}

if (process.argv[1]?.endsWith('crash-writer.cjs')) void main();

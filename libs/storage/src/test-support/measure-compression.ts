import { brotliCompressSync, constants, deflateRawSync, gzipSync } from 'node:zlib';
import { COLUMN_TYPE_METADATA_KEY, type ColumnType } from '@prism/contract';
import { ByteWriter } from '../encodings/byte-buffer';
import { columnValuesOf } from '../encodings/arrow-gather';
import { denseLength } from '../encodings/column-values';
import { chooseEncoding } from '../encodings/encoding-registry';
import { computeBlockStats } from '../format/block-stats';
import { spanBatch } from './span-batches';

/** Compares compressors on the encoded columns of a 1,000-row span batch: `node <bundle>`. */
const codecs: Record<string, (bytes: Uint8Array) => Uint8Array> = {
  none: (bytes) => bytes,
  'deflate-1': (bytes) => deflateRawSync(bytes, { level: 1 }),
  'deflate-3': (bytes) => deflateRawSync(bytes, { level: 3 }),
  'deflate-6': (bytes) => deflateRawSync(bytes, { level: 6 }),
  'gzip-6': (bytes) => gzipSync(bytes, { level: 6 }),
  'brotli-1': (bytes) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } }),
  'brotli-2': (bytes) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 2 } }),
  'brotli-3': (bytes) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 3 } }),
  'brotli-4': (bytes) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } }),
  'brotli-5': (bytes) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }),
};
const batch = spanBatch(1000);
let totals = new Map<string, { bytes: number; ms: number }>();
// The first round warms the JIT and zlib; the second is reported.
for (let round = 0; round < 2; round++) {
  totals = new Map();
  for (const field of batch.schema.fields) {
    const type = field.metadata.get(COLUMN_TYPE_METADATA_KEY) as ColumnType;
    const vector = batch.getChild(field.name);
    if (vector === null) continue;
    const values = columnValuesOf(vector, type);
    const stats = computeBlockStats(values, { bloom: false, keys: false });
    const encoding = chooseEncoding(type, { dictionary: false, distinctCount: stats.stats.distinctCount, valueCount: denseLength(values.dense) });
    const out = new ByteWriter();
    encoding.encode(values.dense, out, stats.distinct);
    const raw = out.finish();
    for (const [name, codec] of Object.entries(codecs)) {
      const key = `${type === 'json' ? 'string' : type} ${name}`;
      const t0 = performance.now();
      for (let i = 0; i < 20; i++) codec(raw);
      const ms = (performance.now() - t0) / 20;
      const entry = totals.get(key) ?? { bytes: 0, ms: 0 };
      entry.bytes += Math.min(raw.length, codec(raw).length);
      entry.ms += ms;
      totals.set(key, entry);
    }
  }
}
for (const [key, { bytes, ms }] of [...totals].sort()) {
  const raw = totals.get(`${key.split(' ')[0]} none`)?.bytes ?? 0;
  console.log(
    `${key.padEnd(22)} ${String(bytes).padStart(8)} B ${ms.toFixed(2).padStart(7)} ms ${(raw / 1000 / Math.max(ms, 1e-3)).toFixed(0).padStart(6)} MB/s`,
  );
}

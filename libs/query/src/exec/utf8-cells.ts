import type { Data } from 'apache-arrow';

/** Distinct strings a decoder remembers; past this it decodes every cell (high-cardinality columns). */
const MAX_CACHED_STRINGS = 4_096;

const utf8 = new TextDecoder();

/** The raw buffers of a Utf8 column: values bytes and offsets (already shifted by the data's offset). */
export interface Utf8Buffers {
  bytes: Uint8Array;
  offsets: Int32Array;
  offset: number;
}

/** The buffers of `data` when it is a Utf8/Binary column with value offsets, else undefined. */
export function utf8BuffersOf(data: Data): Utf8Buffers | undefined {
  const offsets = data.valueOffsets as Int32Array | undefined;
  const bytes = data.values as Uint8Array | undefined;
  if (!(offsets instanceof Int32Array) || !(bytes instanceof Uint8Array)) return undefined;
  return { bytes, offsets, offset: data.offset };
}

/**
 * Decodes Utf8 cells, remembering the strings it made by a hash of their bytes: low-cardinality
 * columns (service, span name, tags) decode each distinct value once per batch instead of once per
 * row, and repeated cells come back as the same string (cheap Map keys for grouping).
 */
export class CachedUtf8Decoder {
  private readonly cache = new Map<number, Array<{ start: number; end: number; text: string }>>();
  private size = 0;

  constructor(private readonly buffers: Utf8Buffers) {}

  textAt(row: number): string {
    const { bytes, offsets, offset } = this.buffers;
    const start = offsets[row + offset];
    const end = offsets[row + offset + 1];
    let hash = 0x811c9dc5 ^ (end - start);
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
    const bucket = this.cache.get(hash);
    if (bucket !== undefined) {
      for (const entry of bucket) if (sameBytes(bytes, entry.start, entry.end, start, end)) return entry.text;
    }
    const text = utf8.decode(bytes.subarray(start, end));
    if (this.size < MAX_CACHED_STRINGS) {
      if (bucket === undefined) this.cache.set(hash, [{ start, end, text }]);
      else bucket.push({ start, end, text });
      this.size++;
    }
    return text;
  }
}

/** Whether `bytes[start, end)` equals the UTF-8 encoding `literal`. */
export function bytesEqual(bytes: Uint8Array, start: number, end: number, literal: Uint8Array): boolean {
  if (end - start !== literal.length) return false;
  for (let i = 0; i < literal.length; i++) if (bytes[start + i] !== literal[i]) return false;
  return true;
}

function sameBytes(bytes: Uint8Array, aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  if (aEnd - aStart !== bEnd - bStart) return false;
  for (let i = 0; i < aEnd - aStart; i++) if (bytes[aStart + i] !== bytes[bStart + i]) return false;
  return true;
}

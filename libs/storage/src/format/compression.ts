import { brotliCompressSync, brotliDecompressSync, constants, deflateRawSync, gzipSync, gunzipSync, inflateRawSync } from 'node:zlib';
import type { ColumnType } from '@prism/contract';
import { CorruptDataError } from '../errors';

/** A general-purpose compressor applied to an encoded block. Ids are written on disk. */
export interface Compression {
  readonly id: number;
  readonly name: string;
  compress(bytes: Uint8Array): Uint8Array;
  decompress(bytes: Uint8Array, rawLength: number): Uint8Array;
}

export const noCompression: Compression = {
  id: 0,
  name: 'none',
  compress: (bytes) => bytes,
  decompress: (bytes) => bytes,
};

/** Deflate level 1: ids and bitmaps barely gain from higher levels (see README). */
export const deflateCompression: Compression = {
  id: 1,
  name: 'deflate',
  compress: (bytes) => deflateRawSync(bytes, { level: 1 }),
  decompress: (bytes) => inflateRawSync(bytes),
};

export const gzipCompression: Compression = {
  id: 2,
  name: 'gzip',
  compress: (bytes) => gzipSync(bytes, { level: 6 }),
  decompress: (bytes) => gunzipSync(bytes),
};

/**
 * Brotli at a given quality. The quality is a writer's choice only: every quality shares id 3 and
 * one decoder, so blocks written at quality 5 by earlier versions read unchanged.
 */
export function brotliAt(quality: number): Compression {
  return {
    id: 3,
    name: 'brotli',
    compress: (bytes) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: quality } }),
    decompress: (bytes) => brotliDecompressSync(bytes),
  };
}

/** Quality 5, the first default; kept for tests of old blocks and for measurements. */
export const brotliCompression: Compression = brotliAt(5);
const brotliFast = brotliAt(1);
const brotliText = brotliAt(2);

export const allCompressions: readonly Compression[] = [noCompression, deflateCompression, gzipCompression, brotliCompression];

const byId = new Map(allCompressions.map((codec) => [codec.id, codec]));

/** The compressor a block names in its header. */
export function compressionById(id: number): Compression {
  const codec = byId.get(id);
  if (codec === undefined) throw new CorruptDataError(`unknown compression id ${id}`);
  return codec;
}

/** Blocks smaller than this are stored raw: compressor framing would eat the gain. */
export const MIN_COMPRESSIBLE_BYTES = 64;

/**
 * The default compressor per column type, chosen from the measurements in the README: brotli 2 for
 * text and doubles (within ~25 % of quality 5's size at twice its speed), brotli 1 for int64 and
 * bytes (random ids do not compress; higher levels only cost time), deflate 1 for bool bitmaps.
 */
export function defaultCompressionFor(type: ColumnType): Compression {
  switch (type) {
    case 'bool':
      return deflateCompression;
    case 'bytes':
    case 'int64':
      return brotliFast;
    case 'double':
    case 'string':
    case 'json':
      return brotliText;
  }
}

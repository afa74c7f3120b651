import { crc32 } from 'node:zlib';
import type { ColumnType } from '@prism/contract';
import { CorruptDataError } from '../errors';
import type { BlockEncoding } from '../encodings/block-encoding';
import { ByteReader, ByteWriter } from '../encodings/byte-buffer';
import { denseLength, type ColumnValues } from '../encodings/column-values';
import { concatColumns } from '../encodings/arrow-gather';
import { encodingById } from '../encodings/encoding-registry';
import type { DistinctValues } from '../encodings/distinct-values';
import { MIN_COMPRESSIBLE_BYTES, compressionById, noCompression, type Compression } from './compression';

/**
 * Block format. A block is one or more chunks back to back; each chunk holds consecutive rows of
 * the column and checks itself, so rows encoded apart (one chunk per request, on several threads)
 * join into one block by concatenating bytes.
 *
 * Version 2 chunk (written now):
 *   magic "PRBK" | version u8 | encoding id u8 | compression id u8 | flags u8
 *   row count u32 | value count u32 | raw body length u32 | crc32 of stored body u32
 *   stored body length u32 | stored body
 * Version 1 (read only): the same header without the stored body length; its body runs to the end
 * of the block, so a version-1 block is always a single chunk.
 *
 * The raw body is the validity bitmap (when flag bit 0 is set) followed by the encoded values.
 * The checksum lets a reader tell a damaged chunk from a valid one.
 */
export const BLOCK_FORMAT_VERSION = 2;
/** Block format versions readers accept. */
export const READABLE_BLOCK_FORMAT_VERSIONS: readonly number[] = [1, 2];
const MAGIC = [0x50, 0x52, 0x42, 0x4b];
const HEADER_BYTES = 28;
const FLAG_VALIDITY = 1;

/** What a block header says about its content. */
export interface BlockInfo {
  encoding: string;
  compression: string;
  rowCount: number;
  /** Size on disk, header included. */
  bytes: number;
}

/** Encodes column values as a one-chunk block (see {@link joinBlockChunks} to join chunks). */
export function encodeBlock(
  column: ColumnValues,
  encoding: BlockEncoding,
  compression: Compression,
  distinct?: DistinctValues,
): { bytes: Uint8Array; info: BlockInfo } {
  const body = new ByteWriter(estimateSize(column));
  if (column.validity !== null) body.writeBytes(column.validity);
  encoding.encode(column.dense, body, distinct);
  const raw = body.finish();
  let codec = raw.length < MIN_COMPRESSIBLE_BYTES ? noCompression : compression;
  let stored = codec.compress(raw);
  if (stored.length >= raw.length) {
    codec = noCompression;
    stored = raw;
  }
  const out = new ByteWriter(HEADER_BYTES + stored.length);
  for (const byte of MAGIC) out.writeByte(byte);
  out.writeByte(BLOCK_FORMAT_VERSION);
  out.writeByte(encoding.id);
  out.writeByte(codec.id);
  out.writeByte(column.validity === null ? 0 : FLAG_VALIDITY);
  out.writeUint32(column.rowCount);
  out.writeUint32(denseLength(column.dense));
  out.writeUint32(raw.length);
  out.writeUint32(crc32(stored));
  out.writeUint32(stored.length);
  out.writeBytes(stored);
  const bytes = out.finish();
  return {
    bytes,
    info: { encoding: encoding.name, compression: codec.name, rowCount: column.rowCount, bytes: bytes.length },
  };
}

/** Decodes a block (every chunk, rows in order) of a column of type `type`; damage is a {@link CorruptDataError}. */
export function decodeBlock(bytes: Uint8Array, type: ColumnType, file = ''): ColumnValues {
  try {
    const reader = new ByteReader(plainBytes(bytes));
    const chunks: ColumnValues[] = [];
    do chunks.push(decodeChunk(reader, type));
    while (reader.remaining > 0);
    return chunks.length === 1 ? chunks[0] : concatColumns(chunks, type);
  } catch (error) {
    if (error instanceof CorruptDataError) throw new CorruptDataError(error.message, file);
    throw new CorruptDataError(`unreadable block (${(error as Error).message})`, file);
  }
}

/** Joins blocks (of one column, each one or more version-2 chunks) into one block holding their rows in order. */
export function joinBlockChunks(blocks: readonly Uint8Array[]): Uint8Array {
  if (blocks.length === 1) return blocks[0];
  let length = 0;
  for (const block of blocks) length += block.length;
  const joined = new Uint8Array(length);
  let offset = 0;
  for (const block of blocks) {
    joined.set(block, offset);
    offset += block.length;
  }
  return joined;
}

function decodeChunk(reader: ByteReader, type: ColumnType): ColumnValues {
  for (const byte of MAGIC) if (reader.readByte() !== byte) throw new CorruptDataError('not a block file');
  const version = reader.readByte();
  if (!READABLE_BLOCK_FORMAT_VERSIONS.includes(version)) throw new CorruptDataError(`unsupported block format version ${version}`);
  const encoding = encodingById(reader.readByte());
  const codec = compressionById(reader.readByte());
  const flags = reader.readByte();
  const rowCount = reader.readUint32();
  const valueCount = reader.readUint32();
  const rawLength = reader.readUint32();
  const checksum = reader.readUint32();
  const storedLength = version === 1 ? reader.remaining : reader.readUint32();
  if (storedLength > reader.remaining) throw new CorruptDataError('block chunk runs past the end of the block');
  const stored = reader.readBytes(storedLength);
  if (crc32(stored) !== checksum) throw new CorruptDataError('block checksum mismatch');
  if (!encoding.types.includes(type)) throw new CorruptDataError(`encoding ${encoding.name} cannot hold ${type}`);
  const raw = plainBytes(codec.decompress(stored, rawLength));
  if (raw.length !== rawLength) throw new CorruptDataError('block body length mismatch');
  const body = new ByteReader(raw);
  const validity = (flags & FLAG_VALIDITY) !== 0 ? body.readBytes(Math.ceil(rowCount / 8)).slice() : null;
  const dense = encoding.decode(body, valueCount, type);
  return { rowCount, validity, dense };
}

/** Node's Buffers are viewed as plain Uint8Arrays so decoded values compare and copy as such. */
function plainBytes(bytes: Uint8Array): Uint8Array {
  return Object.getPrototypeOf(bytes) === Uint8Array.prototype ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function estimateSize(column: ColumnValues): number {
  return 64 + column.rowCount * 9;
}

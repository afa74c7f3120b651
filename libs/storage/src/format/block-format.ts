import { crc32 } from 'node:zlib';
import type { ColumnType } from '@prism/contract';
import { CorruptDataError } from '../errors';
import type { BlockEncoding } from '../encodings/block-encoding';
import { ByteReader, ByteWriter } from '../encodings/byte-buffer';
import { denseLength, type ColumnValues } from '../encodings/column-values';
import { encodingById } from '../encodings/encoding-registry';
import type { DistinctValues } from '../encodings/distinct-values';
import { MIN_COMPRESSIBLE_BYTES, compressionById, noCompression, type Compression } from './compression';

/**
 * Block file format, version 1:
 *
 *   magic "PRBK" | version u8 | encoding id u8 | compression id u8 | flags u8
 *   row count u32 | value count u32 | raw body length u32 | crc32 of stored body u32 | stored body
 *
 * The raw body is the validity bitmap (when flag bit 0 is set) followed by the encoded values.
 * The checksum lets a reader tell a damaged block from a valid one.
 */
export const BLOCK_FORMAT_VERSION = 1;
const MAGIC = [0x50, 0x52, 0x42, 0x4b];
const HEADER_BYTES = 24;
const FLAG_VALIDITY = 1;

/** What a block header says about its content. */
export interface BlockInfo {
  encoding: string;
  compression: string;
  rowCount: number;
  /** Size on disk, header included. */
  bytes: number;
}

/** Encodes one column block into the bytes of a `.blk` file. */
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
  out.writeBytes(stored);
  const bytes = out.finish();
  return {
    bytes,
    info: { encoding: encoding.name, compression: codec.name, rowCount: column.rowCount, bytes: bytes.length },
  };
}

/** Decodes a `.blk` file of a column of type `type`; damage is a {@link CorruptDataError}. */
export function decodeBlock(bytes: Uint8Array, type: ColumnType, file = ''): ColumnValues {
  try {
    const header = new ByteReader(plainBytes(bytes));
    for (const byte of MAGIC) if (header.readByte() !== byte) throw new CorruptDataError('not a block file');
    const version = header.readByte();
    if (version !== BLOCK_FORMAT_VERSION) throw new CorruptDataError(`unsupported block format version ${version}`);
    const encoding = encodingById(header.readByte());
    const codec = compressionById(header.readByte());
    const flags = header.readByte();
    const rowCount = header.readUint32();
    const valueCount = header.readUint32();
    const rawLength = header.readUint32();
    const checksum = header.readUint32();
    const stored = header.readBytes(header.remaining);
    if (crc32(stored) !== checksum) throw new CorruptDataError('block checksum mismatch');
    if (!encoding.types.includes(type)) throw new CorruptDataError(`encoding ${encoding.name} cannot hold ${type}`);
    const raw = plainBytes(codec.decompress(stored, rawLength));
    if (raw.length !== rawLength) throw new CorruptDataError('block body length mismatch');
    const body = new ByteReader(raw);
    const validity = (flags & FLAG_VALIDITY) !== 0 ? body.readBytes(Math.ceil(rowCount / 8)).slice() : null;
    const dense = encoding.decode(body, valueCount, type);
    return { rowCount, validity, dense };
  } catch (error) {
    if (error instanceof CorruptDataError) throw new CorruptDataError(error.message, file);
    throw new CorruptDataError(`unreadable block (${(error as Error).message})`, file);
  }
}

/** Node's Buffers are viewed as plain Uint8Arrays so decoded values compare and copy as such. */
function plainBytes(bytes: Uint8Array): Uint8Array {
  return Object.getPrototypeOf(bytes) === Uint8Array.prototype ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function estimateSize(column: ColumnValues): number {
  return 64 + column.rowCount * 9;
}

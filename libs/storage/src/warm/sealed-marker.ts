import { CorruptDataError } from '../errors';

/** Name of the object written last when a segment is sealed: its presence means the copy is whole. */
export const SEALED_MARKER = '_SEALED';

/** Version of the `_SEALED` layout. */
export const SEALED_MARKER_VERSION = 1;

/** One object of a sealed segment copy: its path relative to the prefix and its size. */
export interface SealedFile {
  path: string;
  size: number;
}

/** The content of `_SEALED`: which manifest the copy holds and every object it consists of. */
export interface SealedMarker {
  markerVersion: number;
  tenantId: string;
  dataset: string;
  segmentId: string;
  manifestVersion: number;
  rowCount: number;
  files: SealedFile[];
  sealedAtMs: number;
}

/** Serializes a marker. */
export function serializeSealedMarker(marker: SealedMarker): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(marker));
}

/** Parses and checks a marker; anything else is a {@link CorruptDataError}. */
export function parseSealedMarker(bytes: Uint8Array, where: string): SealedMarker {
  let value: SealedMarker;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes)) as SealedMarker;
  } catch {
    throw new CorruptDataError('sealed marker is not JSON', where);
  }
  if (value?.markerVersion !== SEALED_MARKER_VERSION) {
    throw new CorruptDataError(`unsupported sealed marker version ${String(value?.markerVersion)}`, where);
  }
  const valid =
    Number.isInteger(value.manifestVersion) &&
    Array.isArray(value.files) &&
    value.files.every((file) => typeof file.path === 'string' && Number.isInteger(file.size));
  if (!valid) throw new CorruptDataError('sealed marker has an unexpected shape', where);
  return value;
}

import { promisify } from 'node:util';
import { gunzip, inflate } from 'node:zlib';

const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);

/** Why a body could not be decoded from its Content-Encoding. */
export type BodyDecoding = { ok: true; body: Uint8Array } | { ok: false; status: 413 | 415 | 400; message: string };

/**
 * Undoes `Content-Encoding` (identity, gzip, deflate) with `maxBytes` as the limit on the decoded
 * size, enforced by zlib while inflating, so a small gzip bomb stops at the limit instead of
 * filling memory. The raw body is held to the same limit.
 */
export async function decodeContentEncoding(body: Uint8Array, encoding: string | undefined, maxBytes: number): Promise<BodyDecoding> {
  if (body.byteLength > maxBytes) return tooLarge(maxBytes);
  const name = (encoding ?? '').trim().toLowerCase();
  if (name === '' || name === 'identity') return { ok: true, body };
  const inflateWith = name === 'gzip' || name === 'x-gzip' ? gunzipAsync : name === 'deflate' ? inflateAsync : undefined;
  if (inflateWith === undefined) return { ok: false, status: 415, message: `unsupported Content-Encoding "${encoding}"; use gzip, deflate or none` };
  try {
    return { ok: true, body: await inflateWith(body, { maxOutputLength: maxBytes }) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return tooLarge(maxBytes);
    return { ok: false, status: 400, message: `body is not valid ${name} data` };
  }
}

function tooLarge(maxBytes: number): BodyDecoding {
  return { ok: false, status: 413, message: `request body exceeds ${maxBytes} bytes after decompression` };
}

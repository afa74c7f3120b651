import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-error';

/** Reads a whole request body, refusing with 413 as soon as it is known to exceed `maxBytes`. */
export async function readBody(request: IncomingMessage, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);

  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    received += chunk.length;
    if (received > maxBytes) throw tooLarge(maxBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, received);
}

function tooLarge(maxBytes: number): HttpError {
  // The rest of the body is not read, so the connection cannot be reused.
  return new HttpError(413, 'payload_too_large', `Request body exceeds ${maxBytes} bytes`, { connection: 'close' });
}

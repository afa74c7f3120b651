import type { ValidationIssue } from '@prism/contract';

/** Byte lengths of OTLP ids. */
export const TRACE_ID_BYTES = 16;
export const SPAN_ID_BYTES = 8;

/** A shared zero-length byte array for absent `bytes` fields (zero-length arrays cannot be mutated). */
export const EMPTY_BYTES = new Uint8Array(0);

const HEX_DIGITS = '0123456789abcdef';
const BYTE_TO_HEX: string[] = Array.from({ length: 256 }, (_, b) => HEX_DIGITS[b >> 4] + HEX_DIGITS[b & 15]);

/** Lower-case hex of `bytes`, e.g. `bytesToHex(new Uint8Array([0xab, 1]))` → `"ab01"`. */
export function bytesToHex(bytes: Uint8Array): string {
  let hex = '';
  for (let i = 0; i < bytes.length; i++) hex += BYTE_TO_HEX[bytes[i]];
  return hex;
}

function nibble(code: number): number {
  if (code >= 48 && code <= 57) return code - 48; // 0-9
  if (code >= 97 && code <= 102) return code - 87; // a-f
  if (code >= 65 && code <= 70) return code - 55; // A-F
  return -1;
}

/** Bytes of a case-insensitive hex string, or undefined when it has odd length or a non-hex digit. */
export function hexToBytes(hex: string): Uint8Array | undefined {
  if (hex.length % 2 !== 0) return undefined;
  if (hex.length === 0) return EMPTY_BYTES;
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) {
    const high = nibble(hex.charCodeAt(2 * i));
    const low = nibble(hex.charCodeAt(2 * i + 1));
    if (high < 0 || low < 0) return undefined;
    bytes[i] = (high << 4) | low;
  }
  return bytes;
}

/**
 * Checks an id's length for eventization: an issue when it is not `expectedLength` bytes.
 * Pass `allowEmpty` for optional ids such as `parentSpanId` or a log record's trace context.
 *
 * @example checkId(span.traceId, TRACE_ID_BYTES, 'resourceSpans[0].scopeSpans[0].spans[3].traceId')
 */
export function checkId(bytes: Uint8Array, expectedLength: number, path: string, allowEmpty = false): ValidationIssue | undefined {
  if (bytes.length === expectedLength || (allowEmpty && bytes.length === 0)) return undefined;
  return { path, message: `expected ${expectedLength} bytes, got ${bytes.length}` };
}

/** True when every byte is zero (OTLP treats an all-zero id as invalid). */
export function isAllZero(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}

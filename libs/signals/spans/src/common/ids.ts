import type { ValidationIssue } from '@prism/contract';

// Local stand-ins for the id helpers @prism/otlp is to export (bytesToHex, hexToBytes, checkId);
// swap the imports over once that library ships them.

const HEX_DIGITS = '0123456789abcdef';

/** Lower-case hex of `bytes`. */
export function bytesToHex(bytes: Uint8Array): string {
  let hex = '';
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index];
    hex += HEX_DIGITS[byte >> 4] + HEX_DIGITS[byte & 15];
  }
  return hex;
}

/** Bytes of an even-length hex string (either case); undefined when it is not hex. */
export function hexToBytes(hex: string): Uint8Array | undefined {
  if (hex.length % 2 !== 0) return undefined;
  const bytes = new Uint8Array(hex.length / 2);
  for (let index = 0; index < bytes.length; index++) {
    const high = hexValue(hex.charCodeAt(index * 2));
    const low = hexValue(hex.charCodeAt(index * 2 + 1));
    if (high < 0 || low < 0) return undefined;
    bytes[index] = (high << 4) | low;
  }
  return bytes;
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48; // 0-9
  if (code >= 97 && code <= 102) return code - 87; // a-f
  if (code >= 65 && code <= 70) return code - 55; // A-F
  return -1;
}

/** Whether every byte is zero (an invalid trace or span id). */
export function isAllZero(bytes: Uint8Array): boolean {
  for (let index = 0; index < bytes.length; index++) if (bytes[index] !== 0) return false;
  return true;
}

/** An issue when `bytes` is not a valid id of `expectedLength` bytes (wrong length or all zeros). */
export function checkId(bytes: Uint8Array, expectedLength: number, path: string): ValidationIssue | undefined {
  if (bytes.length !== expectedLength) {
    return { path, message: `expected ${expectedLength} bytes, got ${bytes.length}` };
  }
  if (isAllZero(bytes)) return { path, message: 'must not be all zeros' };
  return undefined;
}

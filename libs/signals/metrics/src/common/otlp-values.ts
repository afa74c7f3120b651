import type { TypedValue, ValidationIssue } from '@prism/contract';
import type { AnyValue, KeyValue } from '@prism/otlp';

// Stand-ins for the @prism/otlp helpers of the same names (`anyValueToTyped`, `checkId`), which are
// being written in parallel; swap these for imports once they land.

/** The column value of an OTLP AnyValue; arrays and key-value lists become JSON text, empty is undefined. */
export function anyValueToTyped(value: AnyValue): TypedValue | undefined {
  switch (value.kind) {
    case 'string':
      return { type: 'string', value: value.value };
    case 'bool':
      return { type: 'bool', value: value.value };
    case 'int':
      return { type: 'int64', value: value.value };
    case 'double':
      return { type: 'double', value: value.value };
    case 'bytes':
      return { type: 'bytes', value: value.value };
    case 'array':
    case 'kvlist':
      return { type: 'json', value: JSON.stringify(anyValueToJson(value)) };
    case 'empty':
      return undefined;
  }
}

/** A JSON-ready form of an AnyValue: ints beyond 2^53 as strings, bytes as lower-case hex, maps as objects. */
export function anyValueToJson(value: AnyValue): unknown {
  switch (value.kind) {
    case 'string':
    case 'bool':
      return value.value;
    case 'int':
      return Number.isSafeInteger(Number(value.value)) ? Number(value.value) : value.value.toString();
    case 'double':
      // JSON has no NaN or infinities; keep them readable rather than turning them into null.
      return Number.isFinite(value.value) ? value.value : String(value.value);
    case 'bytes':
      return bytesToHex(value.value);
    case 'array':
      return value.values.map(anyValueToJson);
    case 'kvlist':
      return keyValuesToJson(value.values);
    case 'empty':
      return null;
  }
}

/** Key-value pairs as one JSON object (a later duplicate key wins). */
export function keyValuesToJson(values: readonly KeyValue[]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const { key, value } of values) object[key] = anyValueToJson(value);
  return object;
}

/** An issue when `bytes` is not an id of `expectedLength` bytes. */
export function checkId(bytes: Uint8Array, expectedLength: number, path: string): ValidationIssue | undefined {
  if (bytes.length === expectedLength) return undefined;
  return { path, message: `expected ${expectedLength} bytes, got ${bytes.length}` };
}

/** Lower-case hex of some bytes. */
export function bytesToHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

import { EMPTY_BYTES, hexToBytes } from '../ids';
import { ShapeError, childPath } from '../shape-error';

/** A parsed JSON object. */
export type JsonObject = Record<string, unknown>;

/** A message field as JSON may name it: lowerCamelCase (OTLP) or the proto's snake_case. */
export interface FieldName {
  readonly json: string;
  readonly proto: string;
}

/** The two JSON names of a field, from its lowerCamelCase name. */
export function fieldName(json: string): FieldName {
  return { json, proto: json.replace(/[A-Z]/g, (upper) => '_' + upper.toLowerCase()) };
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The field's raw value; null counts as absent, as in the proto3 JSON mapping. */
export function member(object: JsonObject, field: FieldName): unknown {
  // Field names never collide with Object.prototype members, so plain lookups are safe here.
  const value = object[field.json] ?? object[field.proto];
  return value === null ? undefined : value;
}

/** A short rendering of an unexpected value for an issue message. */
export function describe(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'object';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? text.slice(0, 37) + '...' : text;
}

function fail(path: string, field: FieldName | number, expected: string, value: unknown): never {
  throw new ShapeError(childPath(path, typeof field === 'number' ? field : field.json), `expected ${expected}, got ${describe(value)}`);
}

export function readString(object: JsonObject, field: FieldName, path: string): string {
  const value = member(object, field);
  if (value === undefined) return '';
  if (typeof value !== 'string') fail(path, field, 'string', value);
  return value;
}

export function readBool(object: JsonObject, field: FieldName, path: string): boolean {
  const value = member(object, field);
  if (value === undefined) return false;
  if (typeof value !== 'boolean') fail(path, field, 'boolean', value);
  return value;
}

const INTEGER_TEXT = /^-?\d{1,20}$/;

/** A 32-bit integer field (int32, uint32, sint32, fixed32, enum) as a number or decimal string. */
export function readInt32(object: JsonObject, field: FieldName, path: string, unsigned: boolean): number {
  const value = member(object, field);
  if (value === undefined) return 0;
  const number = typeof value === 'string' && INTEGER_TEXT.test(value) ? Number(value) : value;
  const min = unsigned ? 0 : -0x80000000;
  const max = unsigned ? 0xffffffff : 0x7fffffff;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
    fail(path, field, unsigned ? 'uint32' : 'int32', value);
  }
  return number;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** Converts one 64-bit integer JSON value (decimal string or integral number); undefined when invalid. */
export function toInt64(value: unknown, unsigned: boolean): bigint | undefined {
  let result: bigint;
  if (typeof value === 'string' && INTEGER_TEXT.test(value)) result = BigInt(value);
  else if (typeof value === 'number' && Number.isInteger(value)) result = BigInt(value);
  else return undefined;
  if (unsigned ? result < 0n || result > UINT64_MAX : result < INT64_MIN || result > INT64_MAX) return undefined;
  return result;
}

/** A 64-bit integer field (int64, uint64, fixed64, sfixed64) as a decimal string or number. */
export function readInt64(object: JsonObject, field: FieldName, path: string, unsigned: boolean): bigint {
  const value = member(object, field);
  if (value === undefined) return 0n;
  const result = toInt64(value, unsigned);
  if (result === undefined) fail(path, field, unsigned ? 'uint64' : 'int64', value);
  return result;
}

/** Converts one double JSON value: a number, "NaN", "Infinity", "-Infinity" or a numeric string. */
export function toDouble(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  if (value === 'NaN') return NaN;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  const number = value.trim() === '' ? NaN : Number(value);
  return Number.isFinite(number) ? number : undefined;
}

export function readDouble(object: JsonObject, field: FieldName, path: string): number {
  return readOptionalDouble(object, field, path) ?? 0;
}

/** A proto3 `optional double`: undefined when absent. */
export function readOptionalDouble(object: JsonObject, field: FieldName, path: string): number | undefined {
  const value = member(object, field);
  if (value === undefined) return undefined;
  const result = toDouble(value);
  if (result === undefined) fail(path, field, 'double', value);
  return result;
}

/** A trace or span id: hex in OTLP JSON, case-insensitive; absent is empty. */
export function readHexId(object: JsonObject, field: FieldName, path: string): Uint8Array {
  const value = member(object, field);
  if (value === undefined) return EMPTY_BYTES;
  const bytes = typeof value === 'string' ? hexToBytes(value) : undefined;
  if (bytes === undefined) fail(path, field, 'hex', value);
  return bytes;
}

const BASE64_TEXT = /^(?:[A-Za-z0-9+/_-]{4})*(?:[A-Za-z0-9+/_-]{2}(?:==)?|[A-Za-z0-9+/_-]{3}=?)?$/;

/** A `bytes` field other than ids: standard or URL-safe base64, padding optional. */
export function readBase64(object: JsonObject, field: FieldName, path: string): Uint8Array {
  const value = member(object, field);
  if (value === undefined) return EMPTY_BYTES;
  if (typeof value !== 'string' || !BASE64_TEXT.test(value)) fail(path, field, 'base64', value);
  if (value.length === 0) return EMPTY_BYTES;
  const decoded = Buffer.from(value, 'base64');
  return new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.byteLength);
}

/** A message field: undefined when absent. */
export function readObject(object: JsonObject, field: FieldName, path: string): JsonObject | undefined {
  const value = member(object, field);
  if (value === undefined) return undefined;
  if (!isObject(value)) fail(path, field, 'object', value);
  return value;
}

const NO_ITEMS: readonly unknown[] = Object.freeze([]);

/** A repeated field's raw items: empty when absent. */
export function readArray(object: JsonObject, field: FieldName, path: string): readonly unknown[] {
  const value = member(object, field);
  if (value === undefined) return NO_ITEMS;
  if (!Array.isArray(value)) fail(path, field, 'array', value);
  return value;
}

/** One element of a repeated message field. */
export function expectObject(value: unknown, path: string, index: number): JsonObject {
  if (!isObject(value)) fail(path, index, 'object', value);
  return value;
}

/** A repeated 64-bit integer field (e.g. bucketCounts). */
export function readInt64List(object: JsonObject, field: FieldName, path: string, unsigned: boolean): bigint[] {
  const items = readArray(object, field, path);
  const result = new Array<bigint>(items.length);
  for (let i = 0; i < items.length; i++) {
    const value = toInt64(items[i], unsigned);
    if (value === undefined) fail(childPath(path, field.json), i, unsigned ? 'uint64' : 'int64', items[i]);
    result[i] = value;
  }
  return result;
}

/** A repeated double field (e.g. explicitBounds). */
export function readDoubleList(object: JsonObject, field: FieldName, path: string): number[] {
  const items = readArray(object, field, path);
  const result = new Array<number>(items.length);
  for (let i = 0; i < items.length; i++) {
    const value = toDouble(items[i]);
    if (value === undefined) fail(childPath(path, field.json), i, 'double', items[i]);
    result[i] = value;
  }
  return result;
}

import type { ValidationIssue } from '@prism/contract';
import { EMPTY_BYTES } from '../ids';
import type { AnyValue, InstrumentationScope, KeyValue, NumberValue, Resource } from '../model';
import { MAX_ANY_VALUE_DEPTH, ShapeError, childPath } from '../shape-error';
import type { PbAnyValue, PbBytes, PbInt64, PbKeyValue, PbResource, PbScope } from './protobuf-messages';

const TWO_32 = 0x1_0000_0000;

/** A protobufjs Long as bigint; small values (the common case for counts) skip the 64-bit path. */
export function toBigInt(value: PbInt64): bigint {
  if (typeof value === 'number') return BigInt(value);
  const { low, high } = value;
  if (high === 0 && low >= 0) return BigInt(low);
  // Below 2^53 a double holds the value exactly, which is cheaper than bigint shifts.
  if (high >= 0 && high < 0x20_0000) return BigInt(high * TWO_32 + (low >>> 0));
  const bits = (BigInt(high >>> 0) << 32n) | BigInt(low >>> 0);
  return value.unsigned ? bits : BigInt.asIntN(64, bits);
}

/** Copies a decoded `bytes` field into its own plain Uint8Array, so it does not pin the request body. */
export function toBytes(value: PbBytes): Uint8Array {
  if (value.length === 0) return EMPTY_BYTES;
  return new Uint8Array(value);
}

/** Converts a list of 64-bit integers. */
export function toBigIntList(values: PbInt64[]): bigint[] {
  const result = new Array<bigint>(values.length);
  for (let i = 0; i < values.length; i++) result[i] = toBigInt(values[i]);
  return result;
}

const EMPTY_VALUE: AnyValue = Object.freeze({ kind: 'empty' });

/** The AnyValue of a decoded message; throws ShapeError (relative path) past the nesting cap. */
export function convertAnyValue(value: PbAnyValue, depth: number): AnyValue {
  if (depth > MAX_ANY_VALUE_DEPTH) throw new ShapeError('', `nesting deeper than ${MAX_ANY_VALUE_DEPTH} levels`);
  // Only the oneof member that was set is an own property; hasOwn avoids the allocating oneof getter.
  if (Object.hasOwn(value, 'stringValue')) return { kind: 'string', value: value.stringValue };
  if (Object.hasOwn(value, 'intValue')) return { kind: 'int', value: toBigInt(value.intValue) };
  if (Object.hasOwn(value, 'boolValue')) return { kind: 'bool', value: value.boolValue };
  if (Object.hasOwn(value, 'doubleValue')) return { kind: 'double', value: value.doubleValue };
  if (value.arrayValue !== null && Object.hasOwn(value, 'arrayValue')) {
    const items = value.arrayValue.values;
    const values = new Array<AnyValue>(items.length);
    for (let i = 0; i < items.length; i++) values[i] = convertAnyValue(items[i], depth + 1);
    return { kind: 'array', values };
  }
  if (value.kvlistValue !== null && Object.hasOwn(value, 'kvlistValue')) {
    return { kind: 'kvlist', values: convertKeyValues(value.kvlistValue.values, depth + 1) };
  }
  if (Object.hasOwn(value, 'bytesValue')) return { kind: 'bytes', value: toBytes(value.bytesValue) };
  return EMPTY_VALUE;
}

/** A decoded KeyValue list; `depth` is that of the values inside. */
export function convertKeyValues(list: PbKeyValue[], depth = 1): KeyValue[] {
  if (list.length === 0) return [];
  const result = new Array<KeyValue>(list.length);
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    result[i] = { key: item.key, value: item.value === null ? EMPTY_VALUE : convertAnyValue(item.value, depth) };
  }
  return result;
}

export function convertResource(resource: PbResource | null): Resource | undefined {
  if (resource === null) return undefined;
  return { attributes: convertKeyValues(resource.attributes), droppedAttributesCount: resource.droppedAttributesCount };
}

export function convertScope(scope: PbScope | null): InstrumentationScope | undefined {
  if (scope === null) return undefined;
  return {
    name: scope.name,
    version: scope.version,
    attributes: convertKeyValues(scope.attributes),
    droppedAttributesCount: scope.droppedAttributesCount,
  };
}

/** The `oneof value` of a number data point or exemplar. */
export function convertNumberValue(message: { asDouble: number; asInt: PbInt64 }): NumberValue | undefined {
  if (Object.hasOwn(message, 'asDouble')) return { kind: 'double', value: message.asDouble };
  if (Object.hasOwn(message, 'asInt')) return { kind: 'int', value: toBigInt(message.asInt) };
  return undefined;
}

/**
 * Converts a container's records one by one, dropping with an issue those that fail (a too deeply
 * nested attribute value is the only failure a decoded protobuf record can have).
 */
export function convertRecords<In, Out>(records: In[], convert: (record: In) => Out, listPath: () => string, issues: ValidationIssue[]): Out[] {
  const result: Out[] = [];
  for (let i = 0; i < records.length; i++) {
    try {
      result.push(convert(records[i]));
    } catch (error) {
      if (!(error instanceof ShapeError)) throw error;
      issues.push({ path: childPath(listPath(), i), message: error.reason });
    }
  }
  return result;
}

/**
 * Converts a resource or scope; when its attributes nest too deeply, every record under it is
 * dropped with an issue and undefined is returned.
 */
export function convertContainer<T>(convert: () => T, path: string, recordPaths: () => string[], issues: ValidationIssue[]): { value: T } | undefined {
  try {
    return { value: convert() };
  } catch (error) {
    if (!(error instanceof ShapeError)) throw error;
    for (const recordPath of recordPaths()) {
      issues.push({ path: recordPath, message: `dropped with its container: ${path}: ${error.reason}` });
    }
    return undefined;
  }
}

/** `base[i]` paths for a list, built only when records are rejected. */
export function indexedPaths(base: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => childPath(base, i));
}

import type { ValidationIssue } from '@prism/contract';
import type { AnyValue, InstrumentationScope, KeyValue, Resource } from '../model';
import { MAX_ANY_VALUE_DEPTH, ShapeError, childPath } from '../shape-error';
import {
  expectObject,
  fieldName,
  isObject,
  member,
  readArray,
  readBase64,
  readBool,
  readDouble,
  readInt32,
  readInt64,
  readObject,
  readString,
  type FieldName,
  type JsonObject,
} from './json-fields';

const F = {
  stringValue: fieldName('stringValue'),
  boolValue: fieldName('boolValue'),
  intValue: fieldName('intValue'),
  doubleValue: fieldName('doubleValue'),
  arrayValue: fieldName('arrayValue'),
  kvlistValue: fieldName('kvlistValue'),
  bytesValue: fieldName('bytesValue'),
  values: fieldName('values'),
  key: fieldName('key'),
  value: fieldName('value'),
  attributes: fieldName('attributes'),
  droppedAttributesCount: fieldName('droppedAttributesCount'),
  name: fieldName('name'),
  version: fieldName('version'),
};

const EMPTY_VALUE: AnyValue = Object.freeze({ kind: 'empty' });

/** An AnyValue object (`{ "stringValue": "x" }` …); `depth` counts enclosing AnyValues. */
export function readAnyValue(object: JsonObject, path: string, depth: number): AnyValue {
  if (depth > MAX_ANY_VALUE_DEPTH) throw new ShapeError(path, `nesting deeper than ${MAX_ANY_VALUE_DEPTH} levels`);
  // Checked in the order of likelihood; the first field present wins.
  if (member(object, F.stringValue) !== undefined) return { kind: 'string', value: readString(object, F.stringValue, path) };
  if (member(object, F.intValue) !== undefined) return { kind: 'int', value: readInt64(object, F.intValue, path, false) };
  if (member(object, F.boolValue) !== undefined) return { kind: 'bool', value: readBool(object, F.boolValue, path) };
  if (member(object, F.doubleValue) !== undefined) return { kind: 'double', value: readDouble(object, F.doubleValue, path) };
  const array = readObject(object, F.arrayValue, path);
  if (array !== undefined) {
    const arrayPath = childPath(path, F.arrayValue.json);
    const items = readArray(array, F.values, arrayPath);
    const valuesPath = childPath(arrayPath, F.values.json);
    const values = new Array<AnyValue>(items.length);
    for (let i = 0; i < items.length; i++) {
      values[i] = readAnyValue(expectObject(items[i], valuesPath, i), childPath(valuesPath, i), depth + 1);
    }
    return { kind: 'array', values };
  }
  const kvlist = readObject(object, F.kvlistValue, path);
  if (kvlist !== undefined) {
    return { kind: 'kvlist', values: readKeyValues(kvlist, F.values, childPath(path, F.kvlistValue.json), depth + 1) };
  }
  if (member(object, F.bytesValue) !== undefined) return { kind: 'bytes', value: readBase64(object, F.bytesValue, path) };
  return EMPTY_VALUE;
}

/** A repeated KeyValue field such as `attributes`; `depth` is that of the values inside. */
export function readKeyValues(object: JsonObject, field: FieldName, path: string, depth = 1): KeyValue[] {
  const items = readArray(object, field, path);
  if (items.length === 0) return [];
  const listPath = childPath(path, field.json);
  const result = new Array<KeyValue>(items.length);
  for (let i = 0; i < items.length; i++) {
    const item = expectObject(items[i], listPath, i);
    const itemPath = childPath(listPath, i);
    const key = readString(item, F.key, itemPath);
    const raw = readObject(item, F.value, itemPath);
    const value = raw === undefined ? EMPTY_VALUE : readAnyValue(raw, childPath(itemPath, F.value.json), depth);
    result[i] = { key, value };
  }
  return result;
}

/** The `resource` of a ResourceSpans/Logs/Metrics; undefined when absent. */
export function readResource(parent: JsonObject, path: string): Resource | undefined {
  const field = fieldName('resource');
  const object = readObject(parent, field, path);
  if (object === undefined) return undefined;
  const resourcePath = childPath(path, field.json);
  return {
    attributes: readKeyValues(object, F.attributes, resourcePath),
    droppedAttributesCount: readInt32(object, F.droppedAttributesCount, resourcePath, true),
  };
}

/** The `scope` of a ScopeSpans/Logs/Metrics; undefined when absent. */
export function readScope(parent: JsonObject, path: string): InstrumentationScope | undefined {
  const field = fieldName('scope');
  const object = readObject(parent, field, path);
  if (object === undefined) return undefined;
  const scopePath = childPath(path, field.json);
  return {
    name: readString(object, F.name, scopePath),
    version: readString(object, F.version, scopePath),
    attributes: readKeyValues(object, F.attributes, scopePath),
    droppedAttributesCount: readInt32(object, F.droppedAttributesCount, scopePath, true),
  };
}

/** Picks the next field to descend into from an object (a fixed field, or e.g. a metric's data kind). */
export type DescentStep = (object: JsonObject) => FieldName | undefined;

/**
 * Paths of the records under a container that is dropped whole, found by following `steps` through
 * the raw JSON (arrays are expanded); whatever cannot be followed is skipped.
 */
export function recordPathsUnder(node: unknown, path: string, steps: readonly DescentStep[]): string[] {
  if (steps.length === 0) return [path];
  if (!isObject(node)) return [];
  const field = steps[0](node);
  if (field === undefined) return [];
  const next = member(node, field);
  const nextPath = childPath(path, field.json);
  const rest = steps.slice(1);
  if (!Array.isArray(next)) return rest.length === 0 ? [] : recordPathsUnder(next, nextPath, rest);
  return next.flatMap((item, index) => recordPathsUnder(item, childPath(nextPath, index), rest));
}

/**
 * Records one issue per record dropped because `error` hit their container (resource, scope, metric);
 * a single issue at the error when no record can be found under it.
 */
export function rejectContainer(issues: ValidationIssue[], error: ShapeError, recordPaths: readonly string[]): void {
  if (recordPaths.length === 0) {
    issues.push({ path: error.path, message: error.reason });
    return;
  }
  for (const recordPath of recordPaths) {
    issues.push({ path: recordPath, message: `dropped with its container: ${error.path}: ${error.reason}` });
  }
}

/** Rethrows anything that is not a ShapeError (a bug, not bad input). */
export function asShapeError(error: unknown): ShapeError {
  if (error instanceof ShapeError) return error;
  throw error;
}

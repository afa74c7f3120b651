import type { ValidationIssue } from '@prism/contract';
import type { InstrumentationScope, Resource } from '../model';
import { childPath } from '../shape-error';
import { asShapeError, readResource, readScope, recordPathsUnder, rejectContainer, type DescentStep } from './json-common';
import { expectObject, fieldName, readArray, readString, type FieldName, type JsonObject } from './json-fields';

const SCHEMA_URL = fieldName('schemaUrl');

/** Reads one record (span, log record, metric, data point); throws ShapeError when it is malformed. */
export type JsonRecordReader<T> = (object: JsonObject, path: string, issues: ValidationIssue[]) => T;

/** How one signal's request nests: `resourceSpans` → `scopeSpans` → `spans` and the like. */
export interface JsonSignalLayout<OutRecord, ScopeGroup, ResourceGroup> {
  readonly resources: FieldName;
  readonly scopes: FieldName;
  readonly records: FieldName;
  /** Steps from a record down to the rows it holds (a metric's data points); empty when the record is the row. */
  readonly rowSteps: readonly DescentStep[];
  readonly readRecord: JsonRecordReader<OutRecord>;
  readonly scopeGroup: (scope: InstrumentationScope | undefined, records: OutRecord[], schemaUrl: string) => ScopeGroup;
  readonly resourceGroup: (resource: Resource | undefined, scopes: ScopeGroup[], schemaUrl: string) => ResourceGroup;
}

/**
 * Walks resource → scope → records of a parsed OTLP JSON request. A malformed record is dropped with
 * an issue; a malformed resource or scope drops the rows under it. Throws ShapeError only when the
 * top-level resource list itself is not an array.
 */
export function walkResourceScopes<OutRecord, ScopeGroup, ResourceGroup>(
  root: JsonObject,
  layout: JsonSignalLayout<OutRecord, ScopeGroup, ResourceGroup>,
  issues: ValidationIssue[],
): ResourceGroup[] {
  const items = readArray(root, layout.resources, '');
  const groups: ResourceGroup[] = [];
  const resourceSteps = [() => layout.scopes, () => layout.records, ...layout.rowSteps];
  for (let r = 0; r < items.length; r++) {
    const path = childPath(layout.resources.json, r);
    try {
      const item = expectObject(items[r], layout.resources.json, r);
      const resource = readResource(item, path);
      const schemaUrl = readString(item, SCHEMA_URL, path);
      const scopeItems = readArray(item, layout.scopes, path);
      const scopes: ScopeGroup[] = [];
      for (let s = 0; s < scopeItems.length; s++) {
        const scope = readScopeGroup(scopeItems[s], childPath(path, layout.scopes.json), s, layout, issues);
        if (scope !== undefined) scopes.push(scope);
      }
      groups.push(layout.resourceGroup(resource, scopes, schemaUrl));
    } catch (error) {
      rejectContainer(issues, asShapeError(error), recordPathsUnder(items[r], path, resourceSteps));
    }
  }
  return groups;
}

function readScopeGroup<OutRecord, ScopeGroup, ResourceGroup>(
  raw: unknown,
  listPath: string,
  index: number,
  layout: JsonSignalLayout<OutRecord, ScopeGroup, ResourceGroup>,
  issues: ValidationIssue[],
): ScopeGroup | undefined {
  const path = childPath(listPath, index);
  let scope: InstrumentationScope | undefined;
  let schemaUrl: string;
  let recordItems: readonly unknown[];
  try {
    const object = expectObject(raw, listPath, index);
    scope = readScope(object, path);
    schemaUrl = readString(object, SCHEMA_URL, path);
    recordItems = readArray(object, layout.records, path);
  } catch (error) {
    rejectContainer(issues, asShapeError(error), recordPathsUnder(raw, path, [() => layout.records, ...layout.rowSteps]));
    return undefined;
  }
  const records = readRecordItems(recordItems, childPath(path, layout.records.json), layout.readRecord, layout.rowSteps, issues);
  return layout.scopeGroup(scope, records, schemaUrl);
}

/**
 * Reads each item of a record list, dropping a malformed one with an issue: one issue per row under
 * it when `rowSteps` leads to rows, else one at the fault.
 */
export function readRecordItems<T>(
  items: readonly unknown[],
  listPath: string,
  readRecord: JsonRecordReader<T>,
  rowSteps: readonly DescentStep[],
  issues: ValidationIssue[],
): T[] {
  const records: T[] = [];
  for (let i = 0; i < items.length; i++) {
    const recordPath = childPath(listPath, i);
    try {
      records.push(readRecord(expectObject(items[i], listPath, i), recordPath, issues));
    } catch (error) {
      const shape = asShapeError(error);
      rejectContainer(issues, shape, rowSteps.length === 0 ? [] : recordPathsUnder(items[i], recordPath, rowSteps));
    }
  }
  return records;
}

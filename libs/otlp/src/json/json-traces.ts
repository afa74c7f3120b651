import type { ValidationIssue } from '@prism/contract';
import type { ExportTraceServiceRequest, ResourceSpans, ScopeSpans, Span, SpanEvent, SpanLink, Status } from '../model';
import { childPath } from '../shape-error';
import { readKeyValues } from './json-common';
import { expectObject, fieldName, readArray, readHexId, readInt32, readInt64, readObject, readString, type JsonObject } from './json-fields';
import { walkResourceScopes, type JsonSignalLayout } from './json-walk';

const F = {
  resourceSpans: fieldName('resourceSpans'),
  scopeSpans: fieldName('scopeSpans'),
  spans: fieldName('spans'),
  traceId: fieldName('traceId'),
  spanId: fieldName('spanId'),
  traceState: fieldName('traceState'),
  parentSpanId: fieldName('parentSpanId'),
  flags: fieldName('flags'),
  name: fieldName('name'),
  kind: fieldName('kind'),
  startTimeUnixNano: fieldName('startTimeUnixNano'),
  endTimeUnixNano: fieldName('endTimeUnixNano'),
  timeUnixNano: fieldName('timeUnixNano'),
  attributes: fieldName('attributes'),
  droppedAttributesCount: fieldName('droppedAttributesCount'),
  events: fieldName('events'),
  droppedEventsCount: fieldName('droppedEventsCount'),
  links: fieldName('links'),
  droppedLinksCount: fieldName('droppedLinksCount'),
  status: fieldName('status'),
  message: fieldName('message'),
  code: fieldName('code'),
};

const LAYOUT: JsonSignalLayout<Span, ScopeSpans, ResourceSpans> = {
  resources: F.resourceSpans,
  scopes: F.scopeSpans,
  records: F.spans,
  rowSteps: [],
  readRecord: readSpan,
  scopeGroup: (scope, spans, schemaUrl) => ({ scope, spans, schemaUrl }),
  resourceGroup: (resource, scopeSpans, schemaUrl) => ({ resource, scopeSpans, schemaUrl }),
};

/**
 * An ExportTraceServiceRequest from parsed OTLP JSON. A span with a malformed field is dropped with
 * an issue; a malformed resource or scope drops the spans under it. Throws ShapeError only when
 * `resourceSpans` itself is not an array.
 */
export function tracesFromJson(root: JsonObject, issues: ValidationIssue[]): ExportTraceServiceRequest {
  return { resourceSpans: walkResourceScopes(root, LAYOUT, issues) };
}

function readSpan(object: JsonObject, path: string): Span {
  return {
    traceId: readHexId(object, F.traceId, path),
    spanId: readHexId(object, F.spanId, path),
    traceState: readString(object, F.traceState, path),
    parentSpanId: readHexId(object, F.parentSpanId, path),
    flags: readInt32(object, F.flags, path, true),
    name: readString(object, F.name, path),
    kind: readInt32(object, F.kind, path, false),
    startTimeUnixNano: readInt64(object, F.startTimeUnixNano, path, true),
    endTimeUnixNano: readInt64(object, F.endTimeUnixNano, path, true),
    attributes: readKeyValues(object, F.attributes, path),
    droppedAttributesCount: readInt32(object, F.droppedAttributesCount, path, true),
    events: readEvents(object, path),
    droppedEventsCount: readInt32(object, F.droppedEventsCount, path, true),
    links: readLinks(object, path),
    droppedLinksCount: readInt32(object, F.droppedLinksCount, path, true),
    status: readStatus(object, path),
  };
}

function readEvents(span: JsonObject, path: string): SpanEvent[] {
  const items = readArray(span, F.events, path);
  const listPath = childPath(path, F.events.json);
  const events = new Array<SpanEvent>(items.length);
  for (let i = 0; i < items.length; i++) {
    const object = expectObject(items[i], listPath, i);
    const eventPath = childPath(listPath, i);
    events[i] = {
      timeUnixNano: readInt64(object, F.timeUnixNano, eventPath, true),
      name: readString(object, F.name, eventPath),
      attributes: readKeyValues(object, F.attributes, eventPath),
      droppedAttributesCount: readInt32(object, F.droppedAttributesCount, eventPath, true),
    };
  }
  return events;
}

function readLinks(span: JsonObject, path: string): SpanLink[] {
  const items = readArray(span, F.links, path);
  const listPath = childPath(path, F.links.json);
  const links = new Array<SpanLink>(items.length);
  for (let i = 0; i < items.length; i++) {
    const object = expectObject(items[i], listPath, i);
    const linkPath = childPath(listPath, i);
    links[i] = {
      traceId: readHexId(object, F.traceId, linkPath),
      spanId: readHexId(object, F.spanId, linkPath),
      traceState: readString(object, F.traceState, linkPath),
      attributes: readKeyValues(object, F.attributes, linkPath),
      droppedAttributesCount: readInt32(object, F.droppedAttributesCount, linkPath, true),
      flags: readInt32(object, F.flags, linkPath, true),
    };
  }
  return links;
}

function readStatus(span: JsonObject, path: string): Status | undefined {
  const object = readObject(span, F.status, path);
  if (object === undefined) return undefined;
  const statusPath = childPath(path, F.status.json);
  return { message: readString(object, F.message, statusPath), code: readInt32(object, F.code, statusPath, false) };
}

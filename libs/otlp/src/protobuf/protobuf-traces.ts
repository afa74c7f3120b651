import type { ValidationIssue } from '@prism/contract';
import type { ExportTraceServiceRequest, ResourceSpans, ScopeSpans, Span } from '../model';
import { convertKeyValues, convertRecords, indexedPaths, toBigInt, toBytes } from './protobuf-common';
import type { PbSpan, PbTraceRequest } from './protobuf-messages';
import { walkResourceScopes, type PbSignalLayout } from './protobuf-walk';

type PbResourceSpans = PbTraceRequest['resourceSpans'][number];

const LAYOUT: PbSignalLayout<PbResourceSpans, PbResourceSpans['scopeSpans'][number], PbSpan, Span, ScopeSpans, ResourceSpans> = {
  resources: 'resourceSpans',
  scopes: 'scopeSpans',
  records: 'spans',
  scopesOf: (item) => item.scopeSpans,
  recordsOf: (scope) => scope.spans,
  convertRecords: (spans, listPath, issues) => convertRecords(spans, convertSpan, () => listPath, issues),
  rowPaths: (spans, listPath) => indexedPaths(listPath, spans.length),
  scopeGroup: (scope, spans, schemaUrl) => ({ scope, spans, schemaUrl }),
  resourceGroup: (resource, scopeSpans, schemaUrl) => ({ resource, scopeSpans, schemaUrl }),
};

/** The model of a decoded ExportTraceServiceRequest; spans that cannot be converted are dropped with an issue. */
export function tracesFromProtobuf(message: PbTraceRequest, issues: ValidationIssue[]): ExportTraceServiceRequest {
  return { resourceSpans: walkResourceScopes(message.resourceSpans, LAYOUT, issues) };
}

function convertSpan(span: PbSpan): Span {
  return {
    traceId: toBytes(span.traceId),
    spanId: toBytes(span.spanId),
    traceState: span.traceState,
    parentSpanId: toBytes(span.parentSpanId),
    flags: span.flags,
    name: span.name,
    kind: span.kind,
    startTimeUnixNano: toBigInt(span.startTimeUnixNano),
    endTimeUnixNano: toBigInt(span.endTimeUnixNano),
    attributes: convertKeyValues(span.attributes),
    droppedAttributesCount: span.droppedAttributesCount,
    events: span.events.map((event) => ({
      timeUnixNano: toBigInt(event.timeUnixNano),
      name: event.name,
      attributes: convertKeyValues(event.attributes),
      droppedAttributesCount: event.droppedAttributesCount,
    })),
    droppedEventsCount: span.droppedEventsCount,
    links: span.links.map((link) => ({
      traceId: toBytes(link.traceId),
      spanId: toBytes(link.spanId),
      traceState: link.traceState,
      attributes: convertKeyValues(link.attributes),
      droppedAttributesCount: link.droppedAttributesCount,
      flags: link.flags,
    })),
    droppedLinksCount: span.droppedLinksCount,
    status: span.status === null ? undefined : { message: span.status.message, code: span.status.code },
  };
}

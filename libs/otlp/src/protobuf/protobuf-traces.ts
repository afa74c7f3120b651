import type { ValidationIssue } from '@prism/contract';
import type { ExportTraceServiceRequest, ResourceSpans, ScopeSpans, Span } from '../model';
import {
  convertContainer,
  convertKeyValues,
  convertRecords,
  convertResource,
  convertScope,
  indexedPaths,
  toBigInt,
  toBytes,
} from './protobuf-common';
import type { PbSpan, PbTraceRequest } from './protobuf-messages';

/** The model of a decoded ExportTraceServiceRequest; spans that cannot be converted are dropped with an issue. */
export function tracesFromProtobuf(message: PbTraceRequest, issues: ValidationIssue[]): ExportTraceServiceRequest {
  const resourceSpans: ResourceSpans[] = [];
  message.resourceSpans.forEach((item, r) => {
    const path = `resourceSpans[${r}]`;
    const spanPaths = (): string[] =>
      item.scopeSpans.flatMap((scope, s) => indexedPaths(`${path}.scopeSpans[${s}].spans`, scope.spans.length));
    const resource = convertContainer(() => convertResource(item.resource), `${path}.resource`, spanPaths, issues);
    if (resource === undefined) return;
    const scopeSpans: ScopeSpans[] = [];
    item.scopeSpans.forEach((scopeItem, s) => {
      const spansPath = `${path}.scopeSpans[${s}].spans`;
      const scope = convertContainer(
        () => convertScope(scopeItem.scope),
        `${path}.scopeSpans[${s}].scope`,
        () => indexedPaths(spansPath, scopeItem.spans.length),
        issues,
      );
      if (scope === undefined) return;
      const spans = convertRecords(scopeItem.spans, convertSpan, () => spansPath, issues);
      scopeSpans.push({ scope: scope.value, spans, schemaUrl: scopeItem.schemaUrl });
    });
    resourceSpans.push({ resource: resource.value, scopeSpans, schemaUrl: item.schemaUrl });
  });
  return { resourceSpans };
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

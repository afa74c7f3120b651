import { DecodeError, type DecodeResult, type ValidationIssue } from '@prism/contract';
import { bytesToHex } from '@prism/otlp';
import { ipv4ToText, ipv6ToText } from './ip-address-text';
import type { ZipkinEndpoint, ZipkinSpan } from './zipkin-model';
import { ListOfSpansType, type ProtoEndpoint, type ProtoListOfSpans, type ProtoSpan } from './zipkin-proto-schema';
import { validateZipkinSpan, zipkinSpanPath } from './zipkin-span-validation';

/**
 * Reads a Zipkin v2 protobuf body (`ListOfSpans`) into the JSON span shape, then applies the same
 * checks as JSON input. Proto3 defaults (empty bytes and strings, zero numbers) count as absent.
 * Bad spans are reported as issues, as by `readZipkinJson`.
 */
export function readZipkinProto(body: Uint8Array): DecodeResult<ZipkinSpan[]> {
  let decoded: ProtoListOfSpans;
  try {
    const message = ListOfSpansType.decode(body);
    decoded = ListOfSpansType.toObject(message, { longs: String, enums: String }) as ProtoListOfSpans;
  } catch (error) {
    return { ok: false, error: new DecodeError(`invalid protobuf ListOfSpans: ${(error as Error).message}`) };
  }
  const spans: ZipkinSpan[] = [];
  const issues: ValidationIssue[] = [];
  (decoded.spans ?? []).forEach((protoSpan, index) => {
    const path = zipkinSpanPath(index);
    const converted = toJsonShape(protoSpan, path);
    if ('issue' in converted) return void issues.push(converted.issue);
    const checked = validateZipkinSpan(converted.span, path);
    if (checked.ok) spans.push(checked.value);
    else issues.push(checked.issue);
  });
  return { ok: true, value: spans, issues };
}

function toJsonShape(proto: ProtoSpan, path: string): { span: Record<string, unknown> } | { issue: ValidationIssue } {
  const traceId = proto.traceId ?? new Uint8Array(0);
  if (traceId.length !== 8 && traceId.length !== 16) {
    return { issue: { path: `${path}.traceId`, message: `expected 8 or 16 bytes, got ${traceId.length}` } };
  }
  for (const field of ['id', 'parentId'] as const) {
    const id = proto[field];
    const required = field === 'id';
    if ((id === undefined || id.length === 0) && !required) continue;
    if (id === undefined || id.length !== 8) {
      return { issue: { path: `${path}.${field}`, message: `expected 8 bytes, got ${id?.length ?? 0}` } };
    }
  }
  const span: Record<string, unknown> = { traceId: bytesToHex(traceId), id: bytesToHex(proto.id as Uint8Array) };
  if (proto.parentId !== undefined && proto.parentId.length > 0) span['parentId'] = bytesToHex(proto.parentId);
  if (proto.name) span['name'] = proto.name;
  if (proto.kind !== undefined && proto.kind !== 'SPAN_KIND_UNSPECIFIED') span['kind'] = proto.kind;
  if (proto.timestamp !== undefined && proto.timestamp !== '0') span['timestamp'] = Number(proto.timestamp);
  if (proto.duration !== undefined && proto.duration !== '0') span['duration'] = Number(proto.duration);
  if (proto.debug) span['debug'] = true;
  if (proto.shared) span['shared'] = true;
  for (const field of ['localEndpoint', 'remoteEndpoint'] as const) {
    const endpoint = proto[field];
    if (endpoint === undefined) continue;
    const converted = endpointToJsonShape(endpoint, `${path}.${field}`);
    if ('issue' in converted) return converted;
    if (Object.keys(converted.endpoint).length > 0) span[field] = converted.endpoint;
  }
  if (proto.annotations !== undefined && proto.annotations.length > 0) {
    span['annotations'] = proto.annotations.map((annotation) => ({
      timestamp: Number(annotation.timestamp ?? 0),
      value: annotation.value ?? '',
    }));
  }
  if (proto.tags !== undefined && Object.keys(proto.tags).length > 0) span['tags'] = proto.tags;
  return { span };
}

function endpointToJsonShape(proto: ProtoEndpoint, path: string): { endpoint: ZipkinEndpoint } | { issue: ValidationIssue } {
  const endpoint: ZipkinEndpoint = {};
  if (proto.serviceName) endpoint.serviceName = proto.serviceName;
  if (proto.ipv4 !== undefined && proto.ipv4.length > 0) {
    const text = ipv4ToText(proto.ipv4);
    if (text === undefined) return { issue: { path: `${path}.ipv4`, message: `expected 4 bytes, got ${proto.ipv4.length}` } };
    endpoint.ipv4 = text;
  }
  if (proto.ipv6 !== undefined && proto.ipv6.length > 0) {
    const text = ipv6ToText(proto.ipv6);
    if (text === undefined) return { issue: { path: `${path}.ipv6`, message: `expected 16 bytes, got ${proto.ipv6.length}` } };
    endpoint.ipv6 = text;
  }
  if (proto.port) endpoint.port = proto.port;
  return { endpoint };
}

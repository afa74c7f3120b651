import { hexToBytes } from '@prism/otlp';
import { ipv4FromText, ipv6FromText } from '../zipkin/ip-address-text';
import type { ZipkinEndpoint, ZipkinSpan } from '../zipkin/zipkin-model';
import { ListOfSpansType } from '../zipkin/zipkin-proto-schema';

/** Encodes JSON-shaped Zipkin spans as a protobuf ListOfSpans body, as a Zipkin reporter would. */
export function encodeZipkinProto(spans: readonly ZipkinSpan[]): Uint8Array {
  const message = ListOfSpansType.fromObject({
    spans: spans.map((span) => ({
      traceId: hexToBytes(span.traceId),
      id: hexToBytes(span.id),
      parentId: span.parentId === undefined ? undefined : hexToBytes(span.parentId),
      kind: span.kind,
      name: span.name,
      timestamp: span.timestamp === undefined ? undefined : String(span.timestamp),
      duration: span.duration === undefined ? undefined : String(span.duration),
      localEndpoint: endpoint(span.localEndpoint),
      remoteEndpoint: endpoint(span.remoteEndpoint),
      annotations: span.annotations?.map((annotation) => ({ timestamp: String(annotation.timestamp), value: annotation.value })),
      tags: span.tags,
      debug: span.debug,
      shared: span.shared,
    })),
  });
  return ListOfSpansType.encode(message).finish();
}

function endpoint(value: ZipkinEndpoint | undefined): object | undefined {
  if (value === undefined) return undefined;
  return {
    serviceName: value.serviceName,
    ipv4: value.ipv4 === undefined ? undefined : ipv4FromText(value.ipv4),
    ipv6: value.ipv6 === undefined ? undefined : ipv6FromText(value.ipv6),
    port: value.port,
  };
}

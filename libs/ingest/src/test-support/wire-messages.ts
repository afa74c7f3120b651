import protobuf from 'protobufjs';

// Just enough of the OTLP response, google.rpc.Status and Zipkin messages to check what the
// server writes and to send Zipkin protobuf (field numbers from the published .proto files).
const root = protobuf.parse(`
  syntax = "proto3";
  message Status { int32 code = 1; string message = 2; }
  message ExportTracePartialSuccess { int64 rejected_spans = 1; string error_message = 2; }
  message ExportTraceServiceResponse { ExportTracePartialSuccess partial_success = 1; }
  message Endpoint { string service_name = 1; }
  message Span {
    bytes trace_id = 1; bytes parent_id = 2; bytes id = 3; int32 kind = 4; string name = 5;
    fixed64 timestamp = 6; uint64 duration = 7; Endpoint local_endpoint = 8;
  }
  message ListOfSpans { repeated Span spans = 1; }
`).root;

/** A google.rpc.Status from protobuf. */
export function decodeStatus(body: Uint8Array): { code: number; message: string } {
  return root.lookupType('Status').toObject(root.lookupType('Status').decode(body), { defaults: true }) as { code: number; message: string };
}

/** An ExportTraceServiceResponse from protobuf, int64 as strings. */
export function decodeTraceResponse(body: Uint8Array): { partialSuccess?: { rejectedSpans: string; errorMessage: string } } {
  const type = root.lookupType('ExportTraceServiceResponse');
  return type.toObject(type.decode(body), { longs: String }) as { partialSuccess?: { rejectedSpans: string; errorMessage: string } };
}

/** A Zipkin v2 ListOfSpans of these spans (protobufjs field names, ids as bytes), in protobuf. */
export function zipkinProtoSpans(spans: ReadonlyArray<Record<string, unknown>>): Uint8Array {
  const type = root.lookupType('ListOfSpans');
  return type.encode(type.fromObject({ spans })).finish();
}

/** A Zipkin v2 ListOfSpans with one span per name, in protobuf. */
export function zipkinProtoBody(names: readonly string[], startMicros: number): Uint8Array {
  const spans = names.map((name, index) => ({
    traceId: Buffer.from('463ac35c9f6413ad48485a3953bb6124', 'hex'),
    id: Buffer.from(`a2fb4a1d1a96d3${String(index).padStart(2, '0')}`, 'hex'),
    kind: 2,
    name,
    timestamp: startMicros + index,
    duration: 150,
    localEndpoint: { serviceName: 'frontend' },
  }));
  return zipkinProtoSpans(spans);
}

/** The same spans as Zipkin v2 JSON. */
export function zipkinJsonBody(names: readonly string[], startMicros: number): Uint8Array {
  const spans = names.map((name, index) => ({
    traceId: '463ac35c9f6413ad48485a3953bb6124',
    id: `a2fb4a1d1a96d3${String(index).padStart(2, '0')}`,
    kind: 'SERVER',
    name,
    timestamp: startMicros + index,
    duration: 150,
    localEndpoint: { serviceName: 'frontend' },
  }));
  return new TextEncoder().encode(JSON.stringify(spans));
}

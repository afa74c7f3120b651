import protobuf from 'protobufjs';

// Valid Zipkin v2 bodies the mutations start from, written from the Zipkin v2 API and
// zipkin.proto (ListOfSpans = 1: repeated Span; Span: trace_id 1, parent_id 2, id 3, kind 4,
// name 5, timestamp 6 fixed64, duration 7, local_endpoint 8, remote_endpoint 9, annotations 10,
// tags 11; Endpoint: service_name 1, ipv4 2, port 4; Annotation: timestamp 1 fixed64, value 2).

const TRACE_ID = '5af7183fb1d4cf5f7e4c6b28e3f0a2b1';
const ROOT_ID = '6b221d5bc9e6496c';
const CHILD_ID = '7c332e6cd0f7507d';
const START_US = 1_767_225_600_000_000;

/** Two spans of one trace as a Zipkin v2 JSON list: tags, annotations, endpoints, a parent link. */
export function zipkinJsonSeed(): string {
  return JSON.stringify([
    {
      traceId: TRACE_ID,
      id: ROOT_ID,
      kind: 'SERVER',
      name: 'get /checkout',
      timestamp: START_US,
      duration: 120_000,
      localEndpoint: { serviceName: 'frontend', ipv4: '10.0.0.1', port: 8080 },
      remoteEndpoint: { serviceName: 'browser', ipv6: '2001:db8::1' },
      annotations: [{ timestamp: START_US + 10, value: 'wr' }],
      tags: { 'http.method': 'GET', 'http.path': '/checkout', error: '' },
    },
    {
      traceId: TRACE_ID,
      parentId: ROOT_ID,
      id: CHILD_ID,
      kind: 'CLIENT',
      name: 'select',
      timestamp: START_US + 1_000,
      duration: 80_000,
      localEndpoint: { serviceName: 'frontend' },
      remoteEndpoint: { serviceName: 'postgres', port: 5432 },
      shared: false,
      debug: true,
      tags: { 'db.statement': 'select 1' },
    },
  ]);
}

/** The same two spans as a `ListOfSpans` protobuf body. */
export function zipkinProtoSeed(): Uint8Array {
  const list = protobuf.Writer.create();
  for (const [id, parent, name, kind] of [
    [ROOT_ID, undefined, 'get /checkout', 2],
    [CHILD_ID, ROOT_ID, 'select', 1],
  ] as const) {
    const span = protobuf.Writer.create();
    span.uint32((1 << 3) | 2).bytes(Buffer.from(TRACE_ID, 'hex'));
    if (parent !== undefined) span.uint32((2 << 3) | 2).bytes(Buffer.from(parent, 'hex'));
    span.uint32((3 << 3) | 2).bytes(Buffer.from(id, 'hex'));
    span.uint32((4 << 3) | 0).int32(kind);
    span.uint32((5 << 3) | 2).string(name);
    span.uint32((6 << 3) | 1).fixed64(START_US);
    span.uint32((7 << 3) | 0).uint64(120_000);
    span.uint32((8 << 3) | 2).bytes(
      protobuf.Writer.create()
        .uint32((1 << 3) | 2)
        .string('frontend')
        .uint32((4 << 3) | 0)
        .int32(8080)
        .finish(),
    );
    span.uint32((10 << 3) | 2).bytes(
      protobuf.Writer.create()
        .uint32((1 << 3) | 1)
        .fixed64(START_US + 10)
        .uint32((2 << 3) | 2)
        .string('wr')
        .finish(),
    );
    // A map entry: key 1, value 2.
    span.uint32((11 << 3) | 2).bytes(
      protobuf.Writer.create()
        .uint32((1 << 3) | 2)
        .string('http.method')
        .uint32((2 << 3) | 2)
        .string('GET')
        .finish(),
    );
    list.uint32((1 << 3) | 2).bytes(span.finish());
  }
  return list.finish();
}

import protobuf from 'protobufjs';

/**
 * The Zipkin v2 protobuf messages (zipkin.proto3: ListOfSpans, Span, Endpoint, Annotation) as a
 * protobufjs descriptor. Defined in code, not loaded from a .proto file, so bundles need no file.
 */
const descriptor = {
  nested: {
    zipkin: {
      nested: {
        proto3: {
          nested: {
            Span: {
              fields: {
                traceId: { type: 'bytes', id: 1 },
                parentId: { type: 'bytes', id: 2 },
                id: { type: 'bytes', id: 3 },
                kind: { type: 'Kind', id: 4 },
                name: { type: 'string', id: 5 },
                timestamp: { type: 'fixed64', id: 6 },
                duration: { type: 'uint64', id: 7 },
                localEndpoint: { type: 'Endpoint', id: 8 },
                remoteEndpoint: { type: 'Endpoint', id: 9 },
                annotations: { rule: 'repeated', type: 'Annotation', id: 10 },
                tags: { keyType: 'string', type: 'string', id: 11 },
                debug: { type: 'bool', id: 12 },
                shared: { type: 'bool', id: 13 },
              },
              nested: {
                Kind: { values: { SPAN_KIND_UNSPECIFIED: 0, CLIENT: 1, SERVER: 2, PRODUCER: 3, CONSUMER: 4 } },
              },
            },
            Endpoint: {
              fields: {
                serviceName: { type: 'string', id: 1 },
                ipv4: { type: 'bytes', id: 2 },
                ipv6: { type: 'bytes', id: 3 },
                port: { type: 'int32', id: 4 },
              },
            },
            Annotation: {
              fields: {
                timestamp: { type: 'fixed64', id: 1 },
                value: { type: 'string', id: 2 },
              },
            },
            ListOfSpans: { fields: { spans: { rule: 'repeated', type: 'Span', id: 1 } } },
          },
        },
      },
    },
  },
};

/** The `zipkin.proto3.ListOfSpans` message type. */
export const ListOfSpansType: protobuf.Type = protobuf.Root.fromJSON(descriptor).lookupType('zipkin.proto3.ListOfSpans');

/** A decoded ListOfSpans, as `toObject` returns it with int64 as strings, enums as names. */
export interface ProtoListOfSpans {
  spans?: ProtoSpan[];
}

export interface ProtoSpan {
  traceId?: Uint8Array;
  parentId?: Uint8Array;
  id?: Uint8Array;
  kind?: string;
  name?: string;
  timestamp?: string;
  duration?: string;
  localEndpoint?: ProtoEndpoint;
  remoteEndpoint?: ProtoEndpoint;
  annotations?: Array<{ timestamp?: string; value?: string }>;
  tags?: Record<string, string>;
  debug?: boolean;
  shared?: boolean;
}

export interface ProtoEndpoint {
  serviceName?: string;
  ipv4?: Uint8Array;
  ipv6?: Uint8Array;
  port?: number;
}

import { ContentType, type SignalIngest } from '@prism/contract';
import { decodeTracesRequest, encodeTracesResponse, type ExportTraceServiceRequest } from '@prism/otlp';
import { eventizeTracesDirect } from './otlp/eventize-traces-direct';
import { eventizeTraces } from './otlp/traces-eventizer';
import { zipkinFormat } from './zipkin/zipkin-format';

/** OTLP traces at `/v1/traces` (protobuf or JSON, single-pass for protobuf) and Zipkin v2 spans at `/api/v2/spans`. */
export const spansIngest: SignalIngest<ExportTraceServiceRequest> = {
  otlpPath: '/v1/traces',
  contentTypes: [ContentType.protobuf, ContentType.json],
  decode: decodeTracesRequest,
  eventize: eventizeTraces,
  eventizeDirect: eventizeTracesDirect,
  encodeExportResponse: (partialSuccess, contentType) =>
    encodeTracesResponse(partialSuccess, contentType === ContentType.json ? ContentType.json : ContentType.protobuf),
  extraFormats: [zipkinFormat],
};

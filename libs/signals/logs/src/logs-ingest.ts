import { ContentType, type SignalIngest } from '@prism/contract';
import { decodeLogsRequest, encodeLogsResponse, type ExportLogsServiceRequest } from '@prism/otlp';
import { eventizeLogsDirect } from './otlp/eventize-logs-direct';
import { eventizeLogs } from './otlp/logs-eventizer';

/** OTLP/HTTP `/v1/logs` in protobuf or JSON (single-pass for protobuf). */
export const logsIngest: SignalIngest<ExportLogsServiceRequest> = {
  otlpPath: '/v1/logs',
  contentTypes: [ContentType.protobuf, ContentType.json],
  decode: decodeLogsRequest,
  eventize: eventizeLogs,
  eventizeDirect: eventizeLogsDirect,
  encodeExportResponse: (partialSuccess, contentType) =>
    encodeLogsResponse(partialSuccess, contentType === ContentType.json ? ContentType.json : ContentType.protobuf),
  extraFormats: [],
};

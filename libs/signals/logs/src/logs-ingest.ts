import { ContentType, type SignalIngest } from '@prism/contract';
import { decodeLogsRequest, encodeLogsResponse, type ExportLogsServiceRequest } from '@prism/otlp';
import { eventizeLogs } from './otlp/logs-eventizer';

/** OTLP/HTTP `/v1/logs` in protobuf or JSON. */
export const logsIngest: SignalIngest<ExportLogsServiceRequest> = {
  otlpPath: '/v1/logs',
  contentTypes: [ContentType.protobuf, ContentType.json],
  decode: decodeLogsRequest,
  eventize: eventizeLogs,
  encodeExportResponse: (partialSuccess, contentType) =>
    encodeLogsResponse(partialSuccess, contentType === ContentType.json ? ContentType.json : ContentType.protobuf),
  extraFormats: [],
};

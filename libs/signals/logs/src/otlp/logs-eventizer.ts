import { BaseColumn, RowBatchBuilder, RowStamp, type EventizeContext, type EventizeResult, type ValidationIssue } from '@prism/contract';
import {
  AttributeColumnNames,
  SPAN_ID_BYTES,
  TRACE_ID_BYTES,
  checkOptionalId,
  isIdPresent,
  resourceCells,
  scopeCells,
  writeAttributes,
  writeCells,
  type AttributeCell,
  type ExportLogsServiceRequest,
  type LogRecord,
} from '@prism/otlp';
import { DEFAULT_LOGS_DATASET, LOG_ATTRIBUTE_PREFIX, LOG_SIGNAL_TYPE, LogColumn } from '../common/log-columns';
import { writeLogBody } from './log-body';

/** The low byte of LogRecord.flags holds the W3C trace flags; the rest is reserved. */
const TRACE_FLAGS_MASK = 0xff;

/**
 * Turns an OTLP logs request into rows, one per log record. A record with a malformed trace or
 * span id is rejected (reported with its path) and the others are kept.
 *
 * @example
 * const { batch, rejected } = eventizeLogs(request, { tenantId: 'acme', ingestTs: 1700000000000000000n });
 */
export function eventizeLogs(request: ExportLogsServiceRequest, context: EventizeContext): EventizeResult {
  const builder = new RowBatchBuilder();
  const rejected: ValidationIssue[] = [];
  const stamp = new RowStamp(builder, context, DEFAULT_LOGS_DATASET);
  const attributeColumns = new AttributeColumnNames(LOG_ATTRIBUTE_PREFIX);
  let acceptedRecords = 0;

  request.resourceLogs.forEach((resourceLogs, resourceIndex) => {
    const resource = resourceCells(resourceLogs.resource);
    resourceLogs.scopeLogs.forEach((scopeLogs, scopeIndex) => {
      const shared = scopeCells(resource, scopeLogs.scope);
      const scopePath = `resourceLogs[${resourceIndex}].scopeLogs[${scopeIndex}]`;
      scopeLogs.logRecords.forEach((record, recordIndex) => {
        const issue = checkRecordIds(record, `${scopePath}.logRecords[${recordIndex}]`);
        if (issue !== undefined) {
          rejected.push(issue);
          return;
        }
        stamp.startRow(LOG_SIGNAL_TYPE);
        writeRecord(builder, record, shared, attributeColumns, context.ingestTs);
        acceptedRecords++;
      });
    });
  });

  return { batch: builder.build(), acceptedRecords, rejected };
}

function checkRecordIds(record: LogRecord, path: string): ValidationIssue | undefined {
  return checkOptionalId(record.traceId, TRACE_ID_BYTES, `${path}.traceId`) ?? checkOptionalId(record.spanId, SPAN_ID_BYTES, `${path}.spanId`);
}

function writeRecord(
  builder: RowBatchBuilder,
  record: LogRecord,
  shared: readonly AttributeCell[],
  attributeColumns: AttributeColumnNames,
  ingestTs: bigint,
): void {
  // The spec asks receivers to fall back to the observed time when the event time is unknown (0);
  // when both are unknown, ingest time is the best we have.
  const timestamp = record.timeUnixNano !== 0n ? record.timeUnixNano : record.observedTimeUnixNano !== 0n ? record.observedTimeUnixNano : ingestTs;
  builder.setInt64(BaseColumn.timestamp, timestamp);
  if (record.observedTimeUnixNano !== 0n) builder.setInt64(LogColumn.observedTimestamp, record.observedTimeUnixNano);

  const hasTraceContext = isIdPresent(record.traceId) || isIdPresent(record.spanId);
  if (isIdPresent(record.traceId)) builder.setBytes(BaseColumn.traceId, record.traceId);
  if (isIdPresent(record.spanId)) builder.setBytes(BaseColumn.spanId, record.spanId);
  const traceFlags = record.flags & TRACE_FLAGS_MASK;
  if (hasTraceContext || traceFlags !== 0) builder.setInt64(BaseColumn.traceFlags, BigInt(traceFlags));

  writeCells(builder, shared);
  writeLogBody(builder, record.body);
  if (record.severityNumber !== 0) builder.setInt64(LogColumn.severityNumber, BigInt(record.severityNumber));
  if (record.severityText !== '') builder.setString(LogColumn.severityText, record.severityText);
  if (record.eventName !== '') builder.setString(LogColumn.eventName, record.eventName);
  writeAttributes(builder, attributeColumns, record.attributes);
  if (record.droppedAttributesCount !== 0) builder.setInt64(LogColumn.droppedAttributesCount, BigInt(record.droppedAttributesCount));
}

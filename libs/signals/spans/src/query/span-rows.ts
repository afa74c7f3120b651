import { BaseColumn, type Filter } from '@prism/contract';
import { SPANS_SIGNAL_NAME, SPAN_ATTRIBUTE_PREFIX, SpanSignalType } from '../common/span-columns';

/** The signal (and so default dataset) the Zipkin API reads: this one. */
export const SPANS_SIGNAL = SPANS_SIGNAL_NAME;

/** The filter keeping span rows only (event rows are `span_event`). */
export const SPAN_ROWS: readonly Filter[] = [{ column: BaseColumn.signalType, op: 'eq', value: SpanSignalType.span }];

/** OpenTelemetry's remote service attribute on OTLP client/producer spans, as a column. */
export const PEER_SERVICE_COLUMN = `${SPAN_ATTRIBUTE_PREFIX}peer.service`;

import type { AnyValue, ExportTraceServiceRequest, KeyValue, Span } from '@prism/otlp';

/** Bytes of a hex string, for fixtures. */
export function hex(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text, 'hex'));
}

export const TRACE_ID = hex('5b8efff798038103d269b633813fc60c');
export const SPAN_ID = hex('eee19b7ec3c1b174');
export const PARENT_ID = hex('eee19b7ec3c1b173');

/** A string attribute. */
export function attr(key: string, value: string | bigint | boolean | number): KeyValue {
  let anyValue: AnyValue;
  if (typeof value === 'string') anyValue = { kind: 'string', value };
  else if (typeof value === 'bigint') anyValue = { kind: 'int', value };
  else if (typeof value === 'boolean') anyValue = { kind: 'bool', value };
  else anyValue = { kind: 'double', value };
  return { key, value: anyValue };
}

/** A valid server span with every optional part empty; override what a test is about. */
export function makeSpan(overrides: Partial<Span> = {}): Span {
  return {
    traceId: TRACE_ID,
    spanId: SPAN_ID,
    traceState: '',
    parentSpanId: new Uint8Array(0),
    flags: 0,
    name: 'GET /users',
    kind: 2,
    startTimeUnixNano: 1_544_712_660_000_000_000n,
    endTimeUnixNano: 1_544_712_661_000_000_000n,
    attributes: [],
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    status: undefined,
    ...overrides,
  };
}

/** A request with one resource (service `checkout`) and one scope holding `spans`. */
export function requestOf(...spans: Span[]): ExportTraceServiceRequest {
  return {
    resourceSpans: [
      {
        resource: { attributes: [attr('service.name', 'checkout')], droppedAttributesCount: 0 },
        schemaUrl: '',
        scopeSpans: [{ scope: { name: 'my.library', version: '1.0.0', attributes: [], droppedAttributesCount: 0 }, schemaUrl: '', spans }],
      },
    ],
  };
}

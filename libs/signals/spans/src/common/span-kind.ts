/** OTLP SpanKind values, as stored in the `kind` column. */
export const SpanKind = {
  unspecified: 0,
  internal: 1,
  server: 2,
  client: 3,
  producer: 4,
  consumer: 5,
} as const;

/** The kinds Zipkin v2 knows; an absent kind means a local (or unspecified) span. */
export type ZipkinKind = 'CLIENT' | 'SERVER' | 'PRODUCER' | 'CONSUMER';

const zipkinKindsByOtlpKind: ReadonlyArray<ZipkinKind | undefined> = [undefined, undefined, 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];

/** Whether `kind` is one of OTLP's six SpanKind values. */
export function isKnownSpanKind(kind: number): boolean {
  return Number.isInteger(kind) && kind >= SpanKind.unspecified && kind <= SpanKind.consumer;
}

/** The Zipkin kind of an OTLP SpanKind; internal and unspecified have none. */
export function zipkinKindOf(otlpKind: number): ZipkinKind | undefined {
  return zipkinKindsByOtlpKind[otlpKind];
}

/** The OTLP SpanKind of a Zipkin kind; no kind maps to unspecified. */
export function otlpKindOf(zipkinKind: ZipkinKind | undefined): number {
  switch (zipkinKind) {
    case 'SERVER':
      return SpanKind.server;
    case 'CLIENT':
      return SpanKind.client;
    case 'PRODUCER':
      return SpanKind.producer;
    case 'CONSUMER':
      return SpanKind.consumer;
    case undefined:
      return SpanKind.unspecified;
  }
}

/** OTLP StatusCode values, as stored in `status.code`. */
export const StatusCode = { unset: 0, ok: 1, error: 2 } as const;

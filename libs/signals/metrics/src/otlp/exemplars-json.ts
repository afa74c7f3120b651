import { anyValueToJson, bytesToHex, isIdPresent, type Exemplar } from '@prism/otlp';

/**
 * Exemplars as JSON text: `[{ timestamp, value, trace_id?, span_id?, attributes? }]` with the time
 * in nanoseconds as a decimal string, ids as lower-case hex, int values as numbers (or decimal
 * strings past 2^53) and the filtered attributes as an object.
 */
export function exemplarsJson(exemplars: readonly Exemplar[]): string {
  return JSON.stringify(
    exemplars.map((exemplar) => {
      const json: Record<string, unknown> = { timestamp: exemplar.timeUnixNano.toString() };
      if (exemplar.value !== undefined) {
        json['value'] = exemplar.value.kind === 'int' ? anyValueToJson(exemplar.value) : anyValueToJson({ kind: 'double', value: exemplar.value.value });
      }
      if (isIdPresent(exemplar.traceId)) json['trace_id'] = bytesToHex(exemplar.traceId);
      if (isIdPresent(exemplar.spanId)) json['span_id'] = bytesToHex(exemplar.spanId);
      if (exemplar.filteredAttributes.length > 0) json['attributes'] = anyValueToJson({ kind: 'kvlist', values: exemplar.filteredAttributes });
      return json;
    }),
  );
}

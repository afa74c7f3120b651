import type { TimeRange } from '@prism/contract';
import { spanMatchesAnnotations, type AnnotationTerm } from './annotation-query';
import type { ZipkinSpanJson } from './zipkin-json';

/** What `/traces` asks of one span of a trace. Names compare case-insensitively, as Zipkin lower-cases them. */
export interface SpanCriteria {
  serviceName?: string;
  remoteServiceName?: string;
  spanName?: string;
  annotations: readonly AnnotationTerm[];
  /** Microseconds, inclusive. */
  minDuration?: number;
  maxDuration?: number;
  /** The query window; a span with a timestamp must start inside it. */
  window: TimeRange;
}

const NS_PER_US = 1000n;

/** Whether one span satisfies every criterion (Zipkin matches all criteria within a single span). */
export function spanMatches(span: ZipkinSpanJson, criteria: SpanCriteria): boolean {
  if (criteria.serviceName !== undefined && !sameName(span.localEndpoint?.serviceName, criteria.serviceName)) return false;
  if (criteria.remoteServiceName !== undefined && !sameName(span.remoteEndpoint?.serviceName, criteria.remoteServiceName)) return false;
  if (criteria.spanName !== undefined && !sameName(span.name, criteria.spanName)) return false;
  if (criteria.minDuration !== undefined || criteria.maxDuration !== undefined) {
    if (span.duration === undefined) return false;
    if (criteria.minDuration !== undefined && span.duration < criteria.minDuration) return false;
    if (criteria.maxDuration !== undefined && span.duration > criteria.maxDuration) return false;
  }
  if (span.timestamp !== undefined) {
    const startNs = BigInt(span.timestamp) * NS_PER_US;
    if (startNs < criteria.window.fromNs || startNs >= criteria.window.toNs) return false;
  }
  return spanMatchesAnnotations(span, criteria.annotations);
}

/** Case-insensitive name equality; an absent name matches nothing. */
export function sameName(actual: string | undefined, wanted: string): boolean {
  return actual !== undefined && actual.toLowerCase() === wanted.toLowerCase();
}

/**
 * An anchored, case-insensitive regex source for `name`, written with character classes because
 * the engine compiles regexes with the `u` flag only; undefined when it would exceed `maxLength`
 * (the caller then filters after reading instead).
 */
export function caseInsensitivePattern(name: string, maxLength = 256): string | undefined {
  let source = '^';
  for (const char of name) {
    const lower = char.toLowerCase();
    const upper = char.toUpperCase();
    source += lower !== upper && lower.length === 1 && upper.length === 1 ? `[${lower}${upper}]` : escapeRegex(char);
  }
  source += '$';
  return source.length <= maxLength ? source : undefined;
}

/** Escapes the syntax characters; only these may be escaped under the `u` flag. */
function escapeRegex(char: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(char) ? `\\${char}` : char;
}

import { badRequest } from './zipkin-params';
import type { ZipkinSpanJson } from './zipkin-json';

/** One term of an annotationQuery: a bare key, or `key=value`. */
export interface AnnotationTerm {
  key: string;
  value?: string;
}

/**
 * Parses Zipkin's annotationQuery, e.g. `http.method=GET and error`: terms joined by ` and `
 * (any case), each a bare word or `key=value` (split at the first `=`; the value may be empty).
 *
 * @example parseAnnotationQuery('http.uri=/foo and retried') // [{ key: 'http.uri', value: '/foo' }, { key: 'retried' }]
 */
export function parseAnnotationQuery(text: string): AnnotationTerm[] {
  return text
    .split(/\s+and\s+/i)
    .map((term) => term.trim())
    .filter((term) => term !== '')
    .map((term) => {
      const equals = term.indexOf('=');
      if (equals === 0) throw badRequest(`annotationQuery term "${term}" has no key`);
      if (equals < 0) return { key: term };
      return { key: term.slice(0, equals).trim(), value: term.slice(equals + 1).trim() };
    });
}

/**
 * Whether one span satisfies every term: `key=value` needs the tag with that value; a bare key
 * needs a tag with that key or an annotation with that value.
 */
export function spanMatchesAnnotations(span: ZipkinSpanJson, terms: readonly AnnotationTerm[]): boolean {
  const tags = span.tags ?? {};
  return terms.every((term) => {
    if (term.value !== undefined) return tags[term.key] === term.value;
    return Object.prototype.hasOwnProperty.call(tags, term.key) || (span.annotations ?? []).some((annotation) => annotation.value === term.key);
  });
}

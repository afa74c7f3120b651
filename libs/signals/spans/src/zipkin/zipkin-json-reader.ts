import { DecodeError, type DecodeResult, type ValidationIssue } from '@prism/contract';
import type { ZipkinSpan } from './zipkin-model';
import { validateZipkinSpan, zipkinSpanPath } from './zipkin-span-validation';

/**
 * Reads a Zipkin v2 JSON body (a list of spans). A body that is not JSON or not a list is a
 * DecodeError; a bad span is left out and reported as an issue (`spans[3].traceId: …`), its
 * siblings kept. `zipkinFormat` then rejects the whole list: the Zipkin API has no partial success.
 */
export function readZipkinJson(body: Uint8Array): DecodeResult<ZipkinSpan[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch (error) {
    return { ok: false, error: new DecodeError(`invalid JSON: ${(error as Error).message}`) };
  }
  if (!Array.isArray(parsed)) return { ok: false, error: new DecodeError('expected a JSON array of spans') };
  const spans: ZipkinSpan[] = [];
  const issues: ValidationIssue[] = [];
  for (let index = 0; index < parsed.length; index++) {
    const checked = validateZipkinSpan(parsed[index], zipkinSpanPath(index));
    if (checked.ok) spans.push(checked.value);
    else issues.push(checked.issue);
  }
  return { ok: true, value: spans, issues };
}

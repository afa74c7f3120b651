import type { ValidationIssue } from '@prism/contract';
import { checkId } from './otlp-values';

export const TRACE_ID_BYTES = 16;
export const SPAN_ID_BYTES = 8;

/**
 * Whether an optional id is set. Empty means unset; so does an all-zero id of the right length, which
 * the OTLP spec calls invalid and tells receivers to read as "not associated with a trace".
 */
export function isIdPresent(id: Uint8Array): boolean {
  for (let index = 0; index < id.length; index++) if (id[index] !== 0) return true;
  return false;
}

/** An issue when an optional id is set but has the wrong length; unset ids are fine. */
export function checkOptionalId(id: Uint8Array, expectedLength: number, path: string): ValidationIssue | undefined {
  if (id.length === 0 || (id.length === expectedLength && !isIdPresent(id))) return undefined;
  return checkId(id, expectedLength, path);
}

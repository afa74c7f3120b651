import type { ValidationIssue } from '@prism/contract';
import { checkId, isAllZero } from './ids';

/**
 * Whether an optional id is set. Empty means unset; so does an all-zero id, which the OTLP spec
 * calls invalid and tells receivers to read as "not associated with a trace".
 */
export function isIdPresent(id: Uint8Array): boolean {
  return id.length > 0 && !isAllZero(id);
}

/** An issue when an optional id is set but has the wrong length; unset (empty) ids are fine. */
export function checkOptionalId(id: Uint8Array, expectedLength: number, path: string): ValidationIssue | undefined {
  return checkId(id, expectedLength, path, true);
}

import { createHash } from 'node:crypto';
import { InvalidNameError } from './errors';

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** Throws {@link InvalidNameError} unless `value` is a safe tenant or dataset id (no dots, slashes, `..`). */
export function assertSafeId(kind: 'tenant' | 'dataset', value: string): void {
  if (!ID_PATTERN.test(value)) throw new InvalidNameError(kind, value);
}

// Lower-case letters, digits, '_', '-' and non-leading '.' stay as they are; every other UTF-8 byte
// becomes %XX (upper-case hex). Upper-case letters are escaped too, so two columns never map to
// names that a case-insensitive file system would confuse.
const PLAIN = /[a-z0-9_.-]/;
const MAX_DIR_LENGTH = 200;

/** A file-system-safe, injective directory name for a column name (any characters allowed). */
export function columnDirName(column: string): string {
  if (column === '') return '%';
  let out = '';
  const bytes = new TextEncoder().encode(column);
  let index = 0;
  for (const char of column) {
    const width = new TextEncoder().encode(char).length;
    if (PLAIN.test(char) && !(out === '' && char === '.')) out += char;
    else for (let b = index; b < index + width; b++) out += '%' + bytes[b].toString(16).toUpperCase().padStart(2, '0');
    index += width;
  }
  if (out.length <= MAX_DIR_LENGTH) return out;
  // Very long names keep a readable prefix plus a hash of the whole name; '~' never appears otherwise.
  const hash = createHash('sha256').update(column).digest('hex').slice(0, 16);
  return out.slice(0, MAX_DIR_LENGTH - 17) + '~' + hash;
}

import { normalize } from 'node:path';

/** Parses one raw environment value; `expected` is shown to the user when parsing fails. */
export interface ValueParser<T> {
  /** What a valid value looks like, in words: "an integer from 0 to 65535". */
  readonly expected: string;
  parse(raw: string): { ok: true; value: T } | { ok: false };
}

function parser<T>(expected: string, parse: (raw: string) => T | undefined): ValueParser<T> {
  return {
    expected,
    parse(raw) {
      const value = parse(raw.trim());
      return value === undefined ? { ok: false } : { ok: true, value };
    },
  };
}

function wholeNumber(raw: string): number | undefined {
  return /^\d+$/.test(raw) && Number.isSafeInteger(Number(raw)) ? Number(raw) : undefined;
}

/** A TCP port; 0 asks the OS for a free one. */
export const portParser = parser('an integer from 0 to 65535', (raw) => {
  const port = wholeNumber(raw);
  return port !== undefined && port <= 65535 ? port : undefined;
});

/** A TCP port, or `off` for a listener that is not started. */
export const portOrOffParser = parser<number | 'off'>('an integer from 0 to 65535, or off', (raw) => {
  if (raw.toLowerCase() === 'off') return 'off';
  const port = wholeNumber(raw);
  return port !== undefined && port <= 65535 ? port : undefined;
});

/**
 * Browser origins allowed to call the API cross-origin: `*` (any), or a comma-separated list of
 * `scheme://host[:port]` origins; empty allows none.
 */
export const originListParser = parser<readonly string[]>('`*`, or a comma-separated list of origins such as https://app.example.com', (raw) => {
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 1 && entries[0] === '*') return ['*'];
  const origins: string[] = [];
  for (const entry of entries) {
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      return undefined;
    }
    // An origin has no path, query or credentials; `url.origin` is its canonical spelling.
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== entry.replace(/\/$/, '')) return undefined;
    origins.push(url.origin);
  }
  return origins;
});

/** A host name or an IPv4/IPv6 address to listen on. */
export const hostParser = parser('a host name or IP address (e.g. 127.0.0.1, 0.0.0.0, ::)', (raw) => (/^[A-Za-z0-9.:_%-]+$/.test(raw) ? raw : undefined));

/** A filesystem path, normalized (relative paths stay relative to the working directory). */
export const pathParser = parser('a non-empty filesystem path', (raw) => (raw === '' ? undefined : normalize(raw)));

/** A thread count: `auto` (one per core the process may use) or a whole number up to 64. */
export const threadCountParser = parser<number | 'auto'>('`auto` or a whole number of threads from 0 to 64', (raw) => {
  if (raw === 'auto') return 'auto';
  const count = wholeNumber(raw);
  return count !== undefined && count <= 64 ? count : undefined;
});

/** An integer of milliseconds, 0 or more. */
export const millisecondsParser = parser('a whole number of milliseconds (0 or more)', wholeNumber);

const BYTE_UNITS: Readonly<Record<string, number>> = { '': 1, b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** A positive size in bytes, optionally with a 1024-based unit: `1048576`, `512kb`, `16mb`. */
export const byteSizeParser = parser('a positive size in bytes, optionally with kb, mb or gb (e.g. 16mb)', (raw) => {
  const match = /^(\d+)\s*([a-z]*)$/i.exec(raw);
  const unit = match ? BYTE_UNITS[match[2].toLowerCase()] : undefined;
  if (!match || unit === undefined) return undefined;
  const bytes = Number(match[1]) * unit;
  return bytes > 0 && Number.isSafeInteger(bytes) ? bytes : undefined;
});

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);

/** A boolean spelt true/false, 1/0, yes/no or on/off (any case). */
export const booleanParser = parser('true or false (also 1/0, yes/no, on/off)', (raw) => {
  const word = raw.toLowerCase();
  return TRUE_WORDS.has(word) ? true : FALSE_WORDS.has(word) ? false : undefined;
});

/** A tenant id as the catalog accepts it: lower-case letters, digits, `_` and `-`, 1–63 characters. */
export const tenantIdParser = parser('a tenant id (a-z, 0-9, "_" and "-", 1–63 characters, starting with a letter or digit)', (raw) =>
  /^[a-z0-9][a-z0-9_-]{0,62}$/.test(raw) ? raw : undefined,
);

/** One of a fixed list of words, matched case-insensitively. */
export function oneOfParser<const T extends string>(choices: readonly T[]): ValueParser<T> {
  return parser(`one of ${choices.join(', ')}`, (raw) => choices.find((choice) => choice === raw.toLowerCase()));
}

/** An absolute URL whose scheme is one of `protocols` (without the colon). */
export function urlParser(protocols: readonly string[]): ValueParser<string> {
  const schemes = protocols.map((protocol) => `${protocol}://`).join(' or ');
  return parser(`a URL starting with ${schemes}`, (raw) => {
    try {
      const url = new URL(raw);
      return protocols.includes(url.protocol.slice(0, -1)) ? raw : undefined;
    } catch {
      return undefined;
    }
  });
}

/** An S3 bucket name: 3–63 lower-case letters, digits, dots and hyphens. */
export const bucketParser = parser('an S3 bucket name (3–63 characters: a-z, 0-9, "." and "-")', (raw) =>
  /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(raw) ? raw : undefined,
);

/** A cloud region such as `eu-west-1`. */
export const regionParser = parser('a region name such as eu-west-1', (raw) => (/^[a-z0-9][a-z0-9-]*$/.test(raw) ? raw : undefined));

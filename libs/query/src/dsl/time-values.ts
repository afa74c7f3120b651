import { QueryValidationError } from '../errors';

const NS_PER_UNIT: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
  d: 86_400_000_000_000n,
};
const DURATION = /^(\d+)(ns|us|ms|s|m|h|d)$/;
const NANOSECONDS = /^-?\d+$/;

/** A duration such as `30s`, `1m`, `250ms`, in nanoseconds. */
export function parseDuration(value: unknown, path: string): bigint {
  const match = typeof value === 'string' ? DURATION.exec(value) : null;
  if (match === null)
    throw new QueryValidationError(path, `expected a duration such as "30s", "1m" or "1h" (units ns, us, ms, s, m, h, d), got ${JSON.stringify(value)}`);
  const ns = BigInt(match[1]) * NS_PER_UNIT[match[2]];
  if (ns === 0n) throw new QueryValidationError(path, 'duration must be positive');
  return ns;
}

/** A point in time: an RFC 3339 / ISO 8601 string, or decimal nanoseconds since the epoch as a string. */
export function parseInstant(value: unknown, path: string): bigint {
  if (typeof value === 'string' && NANOSECONDS.test(value)) return BigInt(value);
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms)) {
      const fraction = /\.(\d+)/.exec(value)?.[1] ?? '';
      // Date keeps milliseconds; keep the sub-millisecond digits of the fraction too.
      const subMs = fraction.length > 3 ? BigInt(fraction.slice(3, 9).padEnd(6, '0')) : 0n;
      return BigInt(ms) * 1_000_000n + subMs;
    }
  }
  throw new QueryValidationError(
    path,
    `expected an ISO 8601 time such as "2024-05-01T10:00:00Z" or nanoseconds as a decimal string, got ${JSON.stringify(value)}`,
  );
}

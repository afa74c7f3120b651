import type { Signal } from '@prism/contract';
import { SignalConflictError, findSignalConflicts } from './signal-conflicts';

/** Lookups over a fixed, conflict-free list of signal plug-ins. */
export interface SignalRegistry {
  /** Every plug-in, in registration order. */
  all(): readonly Signal[];
  /** The plug-in called `name` (e.g. `spans`), if any. */
  byName(name: string): Signal | undefined;
  /** The plug-in serving OTLP/HTTP `path` (e.g. `/v1/traces`), if any. A trailing slash is ignored. */
  forOtlpPath(path: string): Signal | undefined;
}

/**
 * Builds a registry over `signals`; throws {@link SignalConflictError} if two of them share a
 * name, signal type, path or attribute prefix.
 *
 * @example
 * const registry = createSignalRegistry([spansSignal, logsSignal]);
 * registry.forOtlpPath('/v1/logs')?.name; // 'logs'
 */
export function createSignalRegistry(signals: readonly Signal[]): SignalRegistry {
  const conflicts = findSignalConflicts(signals);
  if (conflicts.length > 0) throw new SignalConflictError(conflicts);
  const list = Object.freeze([...signals]);
  const byName = new Map(list.map((signal) => [signal.name, signal]));
  const byPath = new Map(list.map((signal) => [normalizePath(signal.ingest.otlpPath), signal]));
  return {
    all: () => list,
    byName: (name) => byName.get(name),
    forOtlpPath: (path) => byPath.get(normalizePath(path)),
  };
}

function normalizePath(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

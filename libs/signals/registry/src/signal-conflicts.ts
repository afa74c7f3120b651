import type { Signal } from '@prism/contract';

/** What two signal plug-ins must never share. */
export type SignalConflictKind = 'name' | 'signalType' | 'path' | 'attributePrefix' | 'defaultDataset' | 'queryRoute' | 'aggregate';

/** Two or more plug-ins claiming the same name, signal type, HTTP path, attribute prefix, default dataset, query route or aggregate. */
export interface SignalConflict {
  kind: SignalConflictKind;
  value: string;
  /** Names of the plug-ins that claim `value`, in registration order. */
  signals: string[];
}

/** Thrown when the registered signals conflict: a wiring mistake, found at startup. */
export class SignalConflictError extends Error {
  override readonly name = 'SignalConflictError';

  constructor(readonly conflicts: readonly SignalConflict[]) {
    super(`conflicting signal plug-ins: ${conflicts.map(describeConflict).join('; ')}`);
  }
}

/** One line for a conflict, e.g. `path "/v1/traces" claimed by spans, traces`. */
export function describeConflict(conflict: SignalConflict): string {
  return `${conflict.kind} "${conflict.value}" claimed by ${conflict.signals.join(', ')}`;
}

/**
 * The conflicts among `signals`: shared names, signal types, attribute prefixes, default datasets
 * (a dataset's rows are indexed as the signal that owns it declares), HTTP paths (the OTLP
 * path and every extra format's path share one namespace, as they share one server), query routes
 * and aggregate names (both are mounted side by side in the query service).
 * Also flags an attribute prefix that is a prefix of another's, since columns would then be
 * ambiguous.
 */
export function findSignalConflicts(signals: readonly Signal[]): SignalConflict[] {
  const conflicts: SignalConflict[] = [];
  const collect = (kind: SignalConflictKind, valuesOf: (signal: Signal) => readonly string[]): void => {
    const claims = new Map<string, string[]>();
    for (const signal of signals) {
      for (const value of new Set(valuesOf(signal))) {
        const claimants = claims.get(value) ?? [];
        claimants.push(signal.name);
        claims.set(value, claimants);
      }
    }
    for (const [value, claimants] of claims) {
      if (claimants.length > 1) conflicts.push({ kind, value, signals: claimants });
    }
  };
  collect('name', (signal) => [signal.name]);
  collect('signalType', (signal) => [signal.signalType]);
  collect('path', (signal) => [signal.ingest.otlpPath, ...signal.ingest.extraFormats.map((format) => format.path)]);
  collect('attributePrefix', (signal) => [signal.attributePrefix]);
  collect('defaultDataset', (signal) => [signal.defaultDataset]);
  collect('queryRoute', (signal) => (signal.query.routes ?? []).map((route) => `${route.method} ${route.path}`));
  collect('aggregate', (signal) => (signal.query.aggregates ?? []).map((aggregate) => aggregate.fn));
  conflicts.push(...nestedPrefixConflicts(signals));
  return conflicts;
}

function nestedPrefixConflicts(signals: readonly Signal[]): SignalConflict[] {
  const conflicts: SignalConflict[] = [];
  for (const outer of signals) {
    for (const inner of signals) {
      const nested = outer !== inner && inner.attributePrefix !== outer.attributePrefix && inner.attributePrefix.startsWith(outer.attributePrefix);
      if (nested) conflicts.push({ kind: 'attributePrefix', value: inner.attributePrefix, signals: [outer.name, inner.name] });
    }
  }
  return conflicts;
}

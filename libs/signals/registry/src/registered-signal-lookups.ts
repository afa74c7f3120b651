import type { Signal, SignalAggregate } from '@prism/contract';
import { registeredSignalPlugins } from './registered-signals';
import { createSignalRegistry, type SignalRegistry } from './signal-registry';

let registry: SignalRegistry | undefined;

// Built on first use, so a conflict surfaces as a SignalConflictError where it is asked for,
// not as a failure while modules load.
function registered(): SignalRegistry {
  registry ??= createSignalRegistry(registeredSignalPlugins);
  return registry;
}

/** Every registered signal plug-in; throws SignalConflictError if the registrations conflict. */
export function registeredSignals(): readonly Signal[] {
  return registered().all();
}

/** The registered signal called `name`, e.g. `signalByName('logs')`. */
export function signalByName(name: string): Signal | undefined {
  return registered().byName(name);
}

/** The registered signal serving an OTLP/HTTP path, e.g. `signalForOtlpPath('/v1/metrics')`. */
export function signalForOtlpPath(path: string): Signal | undefined {
  return registered().forOtlpPath(path);
}

/** The aggregates every registered signal adds to the query DSL (`signal.query.aggregates`), for the query engine. */
export function registeredAggregates(): readonly SignalAggregate[] {
  return registeredSignals().flatMap((signal) => signal.query.aggregates ?? []);
}

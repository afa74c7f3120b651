export { registeredSignalPlugins } from './registered-signals';
export { registeredAggregates, registeredSignals, signalByName, signalForOtlpPath } from './registered-signal-lookups';
export { createSignalRegistry } from './signal-registry';
export type { SignalRegistry } from './signal-registry';
export { SignalConflictError, describeConflict, findSignalConflicts } from './signal-conflicts';
export type { SignalConflict, SignalConflictKind } from './signal-conflicts';
export { datasetIndexingOf } from './dataset-indexing';

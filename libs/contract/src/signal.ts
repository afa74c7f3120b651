import type { SignalIdentity } from './signal-identity';
import type { ColumnIndexing } from './signal-indexing';
import type { SignalIngest } from './signal-ingest';
import type { SignalQueryHooks } from './signal-query-hooks';

/**
 * The signal plug-in contract: a signal library exports one of these, composed of its parts; the
 * signal registry lists them, and ingest, storage and query each take the part they need
 * (`signal.ingest`, `signal.indexing`, `signal.query`) and nothing else.
 *
 * Parts are nested rather than intersected so that a part can be handed on by itself (the hot
 * store gets `signal.indexing`, `decodeAndEventize` gets `signal.ingest`), each part lives in its
 * own file of a signal library, and a call site says which concern it touches.
 *
 * @example
 * export const spansSignal: Signal<ExportTraceServiceRequest> = { ...spansIdentity, ingest: spansIngest, indexing: spansIndexing, query: spansQueryHooks };
 */
export interface Signal<Request = unknown> extends SignalIdentity {
  readonly ingest: SignalIngest<Request>;
  readonly indexing: ColumnIndexing;
  readonly query: SignalQueryHooks;
}

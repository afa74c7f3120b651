import type { Signal } from '@prism/contract';
import { logsSignal } from '@prism/logs';
import { metricsSignal } from '@prism/metrics';
import { spansSignal } from '@prism/spans';

/**
 * Every signal plug-in that ingest and query serve, in registration order.
 *
 * The `signal` generator (`nx g @prism/generators:signal <name>`) adds an import above and an entry
 * here; keep this file to imports and this one array literal so it can.
 */
export const registeredSignalPlugins: readonly Signal[] = [spansSignal, logsSignal, metricsSignal];

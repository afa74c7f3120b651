import type { DependencyLinkJson, ZipkinSpanJson } from './zipkin-json';

const ERROR_TAG = 'error';

/**
 * Service links of spans, in the spirit of Zipkin's dependency linker (written for this row model):
 * - a span whose parent (same trace) belongs to another service links parent service → its
 *   service; a shared SERVER span links the CLIENT span of the same id → the server's service;
 * - a CLIENT or PRODUCER span with a remote service and no child in another service links its
 *   service → the remote one (uninstrumented server or broker);
 * - a SERVER or CONSUMER span without a parent in the trace but with a remote service links the
 *   remote one → its service (uninstrumented client or broker).
 * A call is in error when the callee span, or a CLIENT/PRODUCER caller span, has an `error` tag.
 * Links are sorted by parent, then child.
 */
export function dependencyLinksOf(spans: readonly ZipkinSpanJson[]): DependencyLinkJson[] {
  const links = new Map<string, DependencyLinkJson>();
  const add = (parent: string, child: string, error: boolean) => {
    const key = `${parent}\u0000${child}`;
    const link = links.get(key) ?? { parent, child, callCount: 0, errorCount: 0 };
    link.callCount++;
    if (error) link.errorCount++;
    links.set(key, link);
  };
  for (const trace of groupByTrace(spans).values()) linkTrace(trace, add);
  return [...links.values()].sort((a, b) => a.parent.localeCompare(b.parent) || a.child.localeCompare(b.child));
}

function linkTrace(trace: readonly ZipkinSpanJson[], add: (parent: string, child: string, error: boolean) => void): void {
  const byId = new Map<string, ZipkinSpanJson[]>();
  for (const span of trace) byId.set(span.id, [...(byId.get(span.id) ?? []), span]);
  const calleeOfCaller = new Set<ZipkinSpanJson>();
  for (const span of trace) {
    const service = span.localEndpoint?.serviceName;
    if (service === undefined) continue;
    const caller = callerOf(span, byId);
    const callerService = caller?.localEndpoint?.serviceName;
    if (caller !== undefined && callerService !== undefined) {
      if (callerService !== service) {
        add(callerService, service, hasError(span) || (isCallerKind(caller) && hasError(caller)));
        calleeOfCaller.add(caller);
      }
      continue;
    }
    const remote = span.remoteEndpoint?.serviceName;
    if (caller === undefined && remote !== undefined && (span.kind === 'SERVER' || span.kind === 'CONSUMER')) add(remote, service, hasError(span));
  }
  for (const span of trace) {
    const service = span.localEndpoint?.serviceName;
    const remote = span.remoteEndpoint?.serviceName;
    if (service === undefined || remote === undefined || !isCallerKind(span) || calleeOfCaller.has(span)) continue;
    add(service, remote, hasError(span));
  }
}

/** The span that called this one: the CLIENT side of a shared span, else the parent (its server side when shared). */
function callerOf(span: ZipkinSpanJson, byId: ReadonlyMap<string, ZipkinSpanJson[]>): ZipkinSpanJson | undefined {
  if (span.kind === 'SERVER' || span.kind === 'CONSUMER' || span.shared === true) {
    const sameId = (byId.get(span.id) ?? []).find((other) => other !== span && isCallerKind(other));
    if (sameId !== undefined) return sameId;
  }
  if (span.parentId === undefined) return undefined;
  const parents = byId.get(span.parentId) ?? [];
  return parents.find((parent) => !isCallerKind(parent)) ?? parents[0];
}

function isCallerKind(span: ZipkinSpanJson): boolean {
  return span.kind === 'CLIENT' || span.kind === 'PRODUCER';
}

function hasError(span: ZipkinSpanJson): boolean {
  return span.tags?.[ERROR_TAG] !== undefined;
}

function groupByTrace(spans: readonly ZipkinSpanJson[]): Map<string, ZipkinSpanJson[]> {
  const traces = new Map<string, ZipkinSpanJson[]>();
  for (const span of spans) {
    const key = span.traceId.padStart(32, '0');
    const trace = traces.get(key);
    if (trace === undefined) traces.set(key, [span]);
    else trace.push(span);
  }
  return traces;
}

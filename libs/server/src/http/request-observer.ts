/** One finished request, as metrics see it: the route template, never the raw path (unbounded label values). */
export interface ObservedRequest {
  method: string;
  /** The matched route's template (`/api/v2/trace/:traceId`), or `unmatched` for a 404 path. */
  route: string;
  /** 499 when the client went away before the response was sent. */
  status: number;
  durationSeconds: number;
}

/** Told about every finished request by the node:http server and the Lambda handler (e.g. Prometheus metrics). */
export interface RequestObserver {
  requestFinished(request: ObservedRequest): void;
}

/** The route label of paths no route matches. */
export const UNMATCHED_ROUTE = 'unmatched';

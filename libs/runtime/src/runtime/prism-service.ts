import type { Signal } from '@prism/contract';
import type { Route } from '@prism/server';
import type { SharedResources } from './shared-resources';

/** A route's method and path: what an app must know before anything opens. */
export type RouteShape = Pick<Route, 'method' | 'path'>;

/** Where a server process serves, once it listens. */
export interface ServingAddress {
  /** Base URL, e.g. `http://127.0.0.1:4318`. */
  url: string;
}

/** A service running on the shared resources. */
export interface StartedService {
  readonly routes: readonly Route[];
  /** Stops the service (drain in-flight work, clear timers); runs before the shared resources close. */
  close?(): Promise<void>;
  /**
   * Starts background work (timers) once the process serves; servers call it after listen with
   * their address, Lambda never.
   */
  startBackgroundWork?(serving?: ServingAddress): void;
}

/**
 * One thing a Prism process can run: ingest, query, or the lifecycle jobs (`lifecycleService`: no
 * routes, timers started by `startBackgroundWork` and stopped by `close`). An app picks its
 * services by listing them; the runtime opens the shared resources once and starts each.
 *
 * @example
 * const services: PrismService[] = [ingestService(), queryService(), lifecycleService()];
 */
export interface PrismService {
  readonly name: string;
  /**
   * Method and path of every route `start` will return, known synchronously: apps build their
   * route list (server, Lambda init) while the catalog is still opening.
   */
  routeShapes(signals: readonly Signal[]): RouteShape[];
  start(resources: SharedResources): StartedService | Promise<StartedService>;
}

/** Method and path of each route (the handlers are dropped). */
export function shapesOf(routes: readonly Route[]): RouteShape[] {
  return routes.map(({ method, path }) => ({ method, path }));
}

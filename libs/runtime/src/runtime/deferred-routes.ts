import { HttpError, notStartedError, type Route } from '@prism/server';

/**
 * Routes that exist at once but serve through `ready`'s routes once they resolve: apps build their
 * route list synchronously while the catalog is still opening. Until then requests wait; if
 * opening failed they get 503.
 */
export function deferredRoutes(shapes: ReadonlyArray<Pick<Route, 'method' | 'path'>>, ready: Promise<readonly Route[]>): Route[] {
  // Handled here so an early failure is not an unhandled rejection; requests see it below.
  ready.catch(() => undefined);
  return shapes.map((shape) => ({
    ...shape,
    handler: async (request, context) => {
      let routes: readonly Route[];
      try {
        routes = await ready;
      } catch {
        throw notStartedError('the service failed to start; see its log');
      }
      const route = routes.find((candidate) => candidate.method === shape.method && candidate.path === shape.path);
      if (route === undefined) throw new HttpError(404, 'not_found', `No endpoint at ${request.path}`);
      return route.handler(request, context);
    },
  }));
}

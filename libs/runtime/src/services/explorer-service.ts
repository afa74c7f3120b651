import { prismApiPrefixes, staticFileRoutes } from '@prism/server';
import { shapesOf, type PrismService } from '../runtime/prism-service';

const missingHint = 'Build it with `npx nx run explorer:build` (`npm start` does), or point PRISM_EXPLORER_DIR at a built copy.';

/**
 * The browser explorer's static files (`apps/explorer`, built to PRISM_EXPLORER_DIR) at `/` and
 * every path no API owns; the app itself calls the query API with the key the user signs in with.
 *
 * @example prismServerMain(process, { services: [ingestService(), queryService(), explorerService()], bootstrapDevTenant: true })
 */
export function explorerService(): PrismService {
  return {
    name: 'explorer',
    routeShapes: () => shapesOf(staticFileRoutes({ root: '.', apiPrefixes: prismApiPrefixes, missingHint })),
    start: ({ config }) => ({ routes: staticFileRoutes({ root: config.explorerDir, apiPrefixes: prismApiPrefixes, missingHint }) }),
  };
}

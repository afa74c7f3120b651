import { adminHandshakePath, loopbackUrlOf, removeAdminHandshake, writeAdminHandshake } from '../admin/admin-handshake';
import { adminRoutes } from '../admin/admin-routes';
import { newAdminToken } from '../admin/admin-token';
import { shapesOf, type PrismService } from '../runtime/prism-service';

/**
 * The admin API (`/admin/v1/tenants…`) of a server that holds the embedded PGlite catalog, which no
 * other process may open: once the server listens, it writes its loopback URL and a token made for
 * this run to `<catalog dir>/prism-admin.json` (mode 0600), and `npm run prism -- tenant …` calls the
 * API through it; closing removes the file. On PostgreSQL the CLI opens the catalog itself, so there
 * are no admin routes (404).
 *
 * @example prismServerMain(process, { services: [ingestService(), queryService(), lifecycleService(), adminService()], bootstrapDevTenant: true })
 */
export function adminService(): PrismService {
  return {
    name: 'admin',
    // Only the routes' method and path are read: the catalog is never touched.
    routeShapes: () => shapesOf(adminRoutes({ catalog: undefined as never, token: '' })),
    start: ({ config, catalog, logger }) => {
      if (config.databaseUrl !== undefined) return { routes: [] };
      const token = newAdminToken();
      let written = false;
      return {
        routes: adminRoutes({ catalog, token }),
        startBackgroundWork: (serving) => {
          if (serving === undefined) return;
          try {
            writeAdminHandshake(config.catalogDir, { url: loopbackUrlOf(serving.url), token, pid: process.pid });
            written = true;
          } catch (error) {
            logger.warn('could not write the admin handshake: the CLI cannot reach this server', { path: adminHandshakePath(config.catalogDir), error });
          }
        },
        close: async () => {
          if (written) removeAdminHandshake(config.catalogDir, token);
        },
      };
    },
  };
}

export { LIFECYCLE_LOG_HANDLER, SERVER_CATALOG_OWNER, catalogOptionsOf, closeSharedResources, objectStoreConfigOf, openSharedResources } from './runtime/shared-resources';
export type { SharedResourceTuning, SharedResources } from './runtime/shared-resources';
export { shapesOf } from './runtime/prism-service';
export type { PrismService, RouteShape, ServingAddress, StartedService } from './runtime/prism-service';
export { openPrismRuntime } from './runtime/prism-runtime';
export type { PrismRuntime } from './runtime/prism-runtime';
export { deferredRoutes } from './runtime/deferred-routes';
export { prismServerMain, serviceRoutes } from './runtime/server-mains';
export type { PrismServerOptions } from './runtime/server-mains';
export { INGEST_WORKER_HANDLER, encodeIngestRequest, ingestRouteShapes, ingestService, ingestThreadCount } from './services/ingest-service';
export type { IngestServiceOptions } from './services/ingest-service';
export { queryService } from './services/query-service';
export { lifecycleJobs, lifecycleService } from './services/lifecycle-service';
export {
  LIFECYCLE_PASSES,
  lifecycleCliDepsOf,
  logParquetizerEvent,
  logPassProgress,
  parquetizerDepsOf,
  parquetizerOptionsOf,
  retentionDepsOf,
  retentionOptionsOf,
  runLifecyclePass,
  sealerDepsOf,
  sealerOptionsOf,
} from './lifecycle/lifecycle-passes';
export type { LifecyclePassName, PassCounts } from './lifecycle/lifecycle-passes';
export { runLifecyclePassMain, scheduledPassFromEnvironment, scheduledPassHandler } from './lifecycle/scheduled-pass';
export type { ScheduledPassHandler } from './lifecycle/scheduled-pass';
export { DEV_TENANT_ID, createTenantWithKey, devTenantBanner, ensureDevTenant } from './admin/tenant-admin';
export type { CreatedTenant } from './admin/tenant-admin';
export { CLI_USAGE, CliExit, runAdminCli } from './admin/admin-cli';
export type { CliOutput, LifecycleCliSession } from './admin/admin-cli';
export { CLI_CATALOG_OWNER, runAdminCliMain } from './admin/admin-cli-main';
export { DEFAULT_KEY_LABEL, catalogAdminClient } from './admin/admin-client';
export type { AdminClient, TenantSummary } from './admin/admin-client';
export { ADMIN_HANDSHAKE_FILE, adminHandshakePath, loopbackUrlOf, readAdminHandshake, removeAdminHandshake, writeAdminHandshake } from './admin/admin-handshake';
export type { AdminHandshake } from './admin/admin-handshake';
export { ADMIN_TENANTS_PATH, ADMIN_TENANT_KEYS_PATH, adminRoutes, adminTenantKeysPath } from './admin/admin-routes';
export type { AdminRouteOptions } from './admin/admin-routes';
export { adminTokenMatches, bearerTokenOf, newAdminToken } from './admin/admin-token';
export { AdminApiError, httpAdminClient } from './admin/http-admin-client';
export { adminService } from './services/admin-service';

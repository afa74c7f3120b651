// Test helpers for the apps' specs and other consumers of @prism/runtime, imported as `@prism/runtime/testing`.
export { bundleAppTarget, workspaceRoot } from './test-support/app-bundle';
export type { AppBundleRequest } from './test-support/app-bundle';
export { grpcListeningTarget, httpGet, httpPostJson, listeningUrl, waitUntilReady } from './test-support/http-server-probe';
export { httpGetEvent, invokeBundledHandler, invokeHealthzHandler, scheduledEvent } from './test-support/lambda-invocation';
export { spawnNode } from './test-support/node-process';
export type { NodeProcess } from './test-support/node-process';
export { silentLogger } from './test-support/runtime-fixture';
export { dataDirConfig, ingestIntoDataDir, postInProcess, twoCheckoutPaySpans } from './test-support/seeded-data-dir';
export { useTempDir } from './test-support/temp-dir';

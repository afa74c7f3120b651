import {
  defaultParquetizerOptions,
  parquetizerPass,
  type ParquetizerDeps,
  type ParquetizerEvent,
  type ParquetizerOptions,
  type ParquetizerReport,
} from './parquetizer-pass';

/**
 * A scheduled-event handler (e.g. an EventBridge rule invoking a Lambda every few minutes): each
 * call runs one pass with dependencies built once per container and returns the pass's report.
 *
 * @example export const handler = parquetizerHandler(async () => ({ catalog, hotRoot, objectStore, clock: Date.now }));
 */
export function parquetizerHandler(
  makeDeps: () => Promise<ParquetizerDeps>,
  options: Partial<ParquetizerOptions> = {},
  log: (event: ParquetizerEvent) => void = () => undefined,
): (event?: unknown) => Promise<ParquetizerReport> {
  let deps: Promise<ParquetizerDeps> | undefined;
  return async () => {
    deps ??= makeDeps();
    return parquetizerPass(await deps, { ...defaultParquetizerOptions(), ...options }, log);
  };
}

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

interface BundleTargetOptions {
  main: string;
  tsConfig: string;
  target: string;
  outputFileName: string;
  platform?: 'node';
  format?: ['cjs'];
  external?: string[];
}

/** The repository root, where bundles resolve their sources and external packages. */
export const workspaceRoot = resolve(import.meta.dirname, '../../../..');

/** What to bundle: an esbuild target of an app's project.json, written into `outDir`. */
export interface AppBundleRequest {
  appDir: string;
  targetName: string;
  outDir: string;
  /** Packages to leave out besides the target's own externals. */
  extraExternal?: readonly string[];
}

/** Bundles an app's entry point with the esbuild options its project.json gives that target; returns the bundle's path. */
export async function bundleAppTarget(request: AppBundleRequest): Promise<string> {
  const project = JSON.parse(readFileSync(join(request.appDir, 'project.json'), 'utf8')) as { targets: Record<string, { options: BundleTargetOptions }> };
  const options = project.targets[request.targetName].options;
  const outfile = join(request.outDir, options.outputFileName);
  await build({
    absWorkingDir: workspaceRoot,
    entryPoints: [options.main],
    tsconfig: options.tsConfig,
    platform: options.platform ?? 'node',
    target: options.target,
    format: options.format?.[0] ?? 'cjs',
    bundle: true,
    outfile,
    external: [...(options.external ?? []), ...(request.extraExternal ?? [])],
    logLevel: 'silent',
  });
  return outfile;
}

import { addProjectConfiguration, formatFiles, generateFiles, offsetFromRoot, updateJson, type Tree } from '@nx/devkit';
import * as path from 'node:path';
import { normalizeSignalOptions, type NormalizedSignalOptions } from './normalize-options';
import { addSignalRegistration } from './register-signal';
import type { SignalGeneratorSchema } from './schema';
import { SignalGeneratorError } from './signal-generator-error';
import { WorkspacePaths } from './workspace-paths';

/**
 * `nx g @prism/generators:signal <name>`: creates `libs/signals/<name>`, a working signal plug-in
 * laid out like the hand-written ones, adds its `@prism/<name>` alias and registers it with
 * `@prism/signal-registry` so ingest and query serve it with no other edit.
 *
 * @example
 * npx nx g @prism/generators:signal profiles --signalType=profile
 */
export async function signalGenerator(tree: Tree, schema: SignalGeneratorSchema): Promise<void> {
  const options = normalizeSignalOptions(tree, schema);
  // Plan the registry edit before writing anything, so a registry the generator cannot edit
  // fails the run with an untouched tree.
  const registry = addSignalRegistration(tree.read(WorkspacePaths.registeredSignals, 'utf-8') ?? '', {
    importPath: options.importPath,
    exportName: `${options.propertyName}Signal`,
  });
  if (!registry.ok) throw new SignalGeneratorError(`cannot register signal "${options.name}" in ${WorkspacePaths.registeredSignals}: ${registry.reason}`);

  generateSignalLibrary(tree, options);

  addPathAlias(tree, options);
  tree.write(WorkspacePaths.registeredSignals, registry.text);

  if (!options.skipFormat) await formatFiles(tree);
}

export default signalGenerator;

function generateSignalLibrary(tree: Tree, options: NormalizedSignalOptions): void {
  addProjectConfiguration(tree, options.name, {
    root: options.projectRoot,
    sourceRoot: `${options.projectRoot}/src`,
    projectType: 'library',
    tags: ['type:lib', 'scope:signal'],
    targets: {
      // Libraries are type-checked from sources, never built: apps bundle them with esbuild.
      typecheck: { command: `tsc -p ${options.projectRoot}/tsconfig.json --noEmit` },
    },
  });
  generateFiles(tree, path.join(__dirname, 'files'), options.projectRoot, {
    ...options,
    offsetFromRoot: offsetFromRoot(options.projectRoot),
    tmpl: '',
  });
}

function addPathAlias(tree: Tree, options: NormalizedSignalOptions): void {
  updateJson<{ compilerOptions?: { paths?: Record<string, string[]> } }>(tree, WorkspacePaths.tsconfigBase, (tsconfig) => {
    tsconfig.compilerOptions ??= {};
    tsconfig.compilerOptions.paths ??= {};
    // TS 6 has no baseUrl: path targets must start with `./`.
    tsconfig.compilerOptions.paths[options.importPath] = [`./${options.projectRoot}/src/index.ts`];
    return tsconfig;
  });
}

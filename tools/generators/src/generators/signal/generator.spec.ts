import { readJson, readProjectConfiguration, writeJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { signalGenerator } from './generator';
import { SignalGeneratorError } from './signal-generator-error';

const REGISTRY = 'libs/signals/registry/src/registered-signals.ts';
const WORKSPACE_ROOT = path.resolve(__dirname, '../../../../..');

const registrySource = `import type { Signal } from '@prism/contract';
import { logsSignal } from '@prism/logs';

export const registeredSignalPlugins: readonly Signal[] = [
  logsSignal,
];
`;

/** Every file of the tree with its content, to show a refused run wrote nothing. */
function snapshot(tree: Tree): Record<string, string> {
  return Object.fromEntries(tree.listChanges().map((change) => [change.path, change.content?.toString('utf-8') ?? '']));
}

/** A fresh workspace holding a registry, the logs signal and the path aliases. */
function seededTree(): Tree {
  const tree = createTreeWithEmptyWorkspace();
  writeJson(tree, 'tsconfig.base.json', {
    compilerOptions: { paths: { '@prism/contract': ['./libs/contract/src/index.ts'], '@prism/logs': ['./libs/signals/logs/src/index.ts'] } },
  });
  writeJson(tree, 'libs/signals/logs/project.json', { name: 'logs', root: 'libs/signals/logs', tags: ['type:lib', 'scope:signal'] });
  tree.write('libs/signals/logs/src/index.ts', `export const logsSignal = {};\n`);
  tree.write(REGISTRY, registrySource);
  return tree;
}

describe('signal generator', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = seededTree();
  });

  it('creates the library with the layout of the hand-written signals', async () => {
    await signalGenerator(tree, { name: 'profiles', skipFormat: true });
    const created = tree
      .listChanges()
      .filter((change) => change.type === 'CREATE' && change.path.startsWith('libs/signals/profiles/'))
      .map((change) => change.path)
      .sort();
    expect(created).toEqual([
      'libs/signals/profiles/README.md',
      'libs/signals/profiles/project.json',
      'libs/signals/profiles/src/common/profiles-columns.ts',
      'libs/signals/profiles/src/common/profiles-request.ts',
      'libs/signals/profiles/src/index.ts',
      'libs/signals/profiles/src/otlp/decode-profiles-json.spec.ts',
      'libs/signals/profiles/src/otlp/decode-profiles-json.ts',
      'libs/signals/profiles/src/otlp/profiles-eventizer.spec.ts',
      'libs/signals/profiles/src/otlp/profiles-eventizer.ts',
      'libs/signals/profiles/src/profiles-indexing.ts',
      'libs/signals/profiles/src/profiles-ingest.ts',
      'libs/signals/profiles/src/profiles-query-hooks.ts',
      'libs/signals/profiles/src/profiles-signal.spec.ts',
      'libs/signals/profiles/src/profiles-signal.ts',
      'libs/signals/profiles/src/query/profiles-latest-aggregate.ts',
      'libs/signals/profiles/src/query/profiles-query-contributions.spec.ts',
      'libs/signals/profiles/src/query/profiles-summary-route.ts',
      'libs/signals/profiles/tsconfig.json',
      'libs/signals/profiles/vitest.config.mts',
    ]);
    expect(created.some((file) => file.includes('__'))).toBe(false);
  });

  it('gives the library the same plug-in parts and folders as every hand-written signal', async () => {
    await signalGenerator(tree, { name: 'profiles', skipFormat: true });
    // What a reader of one signal library expects to find in any other (CONVENTIONS: same layout).
    const layoutOf = (name: string, exists: (file: string) => boolean) =>
      ['signal', 'ingest', 'indexing', 'query-hooks']
        .map((part) => exists(`src/${name}-${part}.ts`))
        .concat(['src/common', 'src/otlp', 'src/index.ts', 'README.md'].map(exists));
    for (const handWritten of ['spans', 'logs', 'metrics']) {
      expect(layoutOf(handWritten, (file) => existsSync(path.join(WORKSPACE_ROOT, 'libs/signals', handWritten, file)))).toEqual(Array(8).fill(true));
    }
    expect(layoutOf('profiles', (file) => tree.exists(`libs/signals/profiles/${file}`))).toEqual(Array(8).fill(true));
    // The src layout pattern: the same root files (index + the four parts), `common/` and `otlp/`,
    // and `query/` exactly when the signal adds routes or aggregates to the query service.
    const srcLayoutOf = (name: string, entries: Array<{ name: string; folder: boolean }>, hooks: string) => ({
      rootFiles: entries
        .filter((entry) => !entry.folder && !entry.name.endsWith('.spec.ts'))
        .map((entry) => entry.name)
        .sort(),
      folders: entries
        .filter((entry) => entry.folder && ['common', 'otlp', 'query'].includes(entry.name))
        .map((entry) => entry.name)
        .sort(),
      addsToQuery: /\n\s*(routes|aggregates):/.test(hooks),
      expected: { rootFiles: ['index.ts', ...['indexing', 'ingest', 'query-hooks', 'signal'].map((part) => `${name}-${part}.ts`)].sort() },
    });
    const checkLayout = (layout: ReturnType<typeof srcLayoutOf>) => {
      expect(layout.rootFiles).toEqual(layout.expected.rootFiles);
      expect(layout.folders).toEqual(layout.addsToQuery ? ['common', 'otlp', 'query'] : ['common', 'otlp']);
    };
    for (const handWritten of ['spans', 'logs', 'metrics']) {
      const src = path.join(WORKSPACE_ROOT, 'libs/signals', handWritten, 'src');
      const entries = readdirSync(src, { withFileTypes: true }).map((entry) => ({ name: entry.name, folder: entry.isDirectory() }));
      checkLayout(srcLayoutOf(handWritten, entries, readFileSync(path.join(src, `${handWritten}-query-hooks.ts`), 'utf-8')));
    }
    const generatedSrc = 'libs/signals/profiles/src';
    const generated = tree.children(generatedSrc).map((name) => ({ name, folder: !tree.isFile(`${generatedSrc}/${name}`) }));
    const generatedLayout = srcLayoutOf('profiles', generated, tree.read(`${generatedSrc}/profiles-query-hooks.ts`, 'utf-8') ?? '');
    expect(generatedLayout.addsToQuery).toBe(true);
    checkLayout(generatedLayout);
    const signal = tree.read('libs/signals/profiles/src/profiles-signal.ts', 'utf-8') ?? '';
    expect(signal).toContain('ingest: profilesIngest,');
    expect(signal).toContain('indexing: profilesIndexing,');
    expect(signal).toContain('query: profilesQueryHooks,');
    // Base columns and row stamping come from the contract, as in the hand-written signals.
    expect(tree.read('libs/signals/profiles/src/profiles-query-hooks.ts', 'utf-8')).toContain('baseKnownColumns(');
    expect(tree.read('libs/signals/profiles/src/otlp/profiles-eventizer.ts', 'utf-8')).toContain('new RowStamp(');
  });

  it('touches only the new library, the registry (its import and its entry) and the path alias', async () => {
    const before = snapshot(tree);
    await signalGenerator(tree, { name: 'profiles', skipFormat: true });
    const after = snapshot(tree);
    const changed = Object.keys(after).filter((file) => after[file] !== before[file]);
    expect(changed.filter((file) => !file.startsWith('libs/signals/profiles/')).sort()).toEqual([REGISTRY, 'tsconfig.base.json']);
    expect(Object.keys(before).filter((file) => !(file in after))).toEqual([]);
    // The registry gains exactly its import line and its entry line; nothing else changes.
    const beforeLines = before[REGISTRY].split('\n');
    const added = after[REGISTRY].split('\n').filter((line) => !beforeLines.includes(line));
    expect(added).toEqual([`import { profilesSignal } from '@prism/profiles';`, '  profilesSignal,']);
    expect(beforeLines.every((line) => after[REGISTRY].split('\n').includes(line))).toBe(true);
    // The path alias is the one other edit: a single new entry.
    const paths = (text: string) => (JSON.parse(text) as { compilerOptions: { paths: Record<string, string[]> } }).compilerOptions.paths;
    const newAliases = Object.keys(paths(after['tsconfig.base.json'])).filter((alias) => !(alias in paths(before['tsconfig.base.json'])));
    expect(newAliases).toEqual(['@prism/profiles']);
  });

  it('tags the project as a signal library with a typecheck target and no build of its own', async () => {
    await signalGenerator(tree, { name: 'profiles', skipFormat: true });
    const project = readProjectConfiguration(tree, 'profiles');
    expect(project.tags).toEqual(['type:lib', 'scope:signal']);
    expect(project.projectType).toBe('library');
    expect(project.sourceRoot).toBe('libs/signals/profiles/src');
    // Same targets as the hand-written signal libraries: apps bundle libraries from sources.
    const handWritten = JSON.parse(readFileSync(path.join(WORKSPACE_ROOT, 'libs/signals/logs/project.json'), 'utf-8')) as { targets: Record<string, unknown> };
    expect(Object.keys(project.targets ?? {})).toEqual(Object.keys(handWritten.targets));
    expect(project.targets?.['typecheck']).toEqual({ command: 'tsc -p libs/signals/profiles/tsconfig.json --noEmit' });
    expect(readJson(tree, 'libs/signals/profiles/tsconfig.json').extends).toBe('../../../tsconfig.base.json');
  });

  it('fills the plug-in with the defaults derived from the name', async () => {
    await signalGenerator(tree, { name: 'profiles', skipFormat: true });
    const names = tree.read('libs/signals/profiles/src/common/profiles-columns.ts', 'utf-8');
    expect(names).toContain(`signalType: 'profile',`);
    expect(names).toContain(`defaultDataset: 'profiles',`);
    expect(names).toContain(`attributePrefix: 'profiles.attr.',`);
    expect(names).toContain(`otlpPath: '/v1/profiles',`);
    expect(tree.read('libs/signals/profiles/src/index.ts', 'utf-8')).toContain(`export { profilesSignal } from './profiles-signal';`);
  });

  it('takes signalType, dataset and otlpPath from the options, and camel-cases multi-word names', async () => {
    await signalGenerator(tree, { name: 'k8s-events', signalType: 'k8s_event', dataset: 'cluster', otlpPath: '/v1development/events', skipFormat: true });
    const names = tree.read('libs/signals/k8s-events/src/common/k8s-events-columns.ts', 'utf-8');
    expect(names).toContain(`export const K8sEventsNames = {`);
    expect(names).toContain(`signalType: 'k8s_event',`);
    expect(names).toContain(`defaultDataset: 'cluster',`);
    expect(names).toContain(`otlpPath: '/v1development/events',`);
    expect(tree.read(REGISTRY, 'utf-8')).toContain(`import { k8sEventsSignal } from '@prism/k8s-events';`);
  });

  it('adds the @prism/<name> path alias', async () => {
    await signalGenerator(tree, { name: 'profiles', skipFormat: true });
    const paths = readJson(tree, 'tsconfig.base.json').compilerOptions.paths;
    expect(paths['@prism/profiles']).toEqual(['./libs/signals/profiles/src/index.ts']);
    expect(paths['@prism/logs']).toEqual(['./libs/signals/logs/src/index.ts']);
  });

  it('registers the signal with the registry', async () => {
    await signalGenerator(tree, { name: 'profiles', skipFormat: true });
    expect(tree.read(REGISTRY, 'utf-8')).toBe(`import type { Signal } from '@prism/contract';
import { logsSignal } from '@prism/logs';
import { profilesSignal } from '@prism/profiles';

export const registeredSignalPlugins: readonly Signal[] = [
  logsSignal,
  profilesSignal,
];
`);
  });

  it('refuses a signal that already exists, writing nothing', async () => {
    const before = snapshot(tree);
    await expect(signalGenerator(tree, { name: 'logs' })).rejects.toThrow(
      new SignalGeneratorError('signal "logs" already exists (project, folder libs/signals/logs or import path @prism/logs is taken)'),
    );
    expect(snapshot(tree)).toEqual(before);
  });

  it('refuses a second run with the same name', async () => {
    await signalGenerator(tree, { name: 'profiles', skipFormat: true });
    await expect(signalGenerator(tree, { name: 'profiles' })).rejects.toThrow(/signal "profiles" already exists/);
  });

  it.each(['Profiles', 'my_signal', 'profiles-', '9lives', 'two--dashes', ''])('refuses the name "%s": not kebab-case', async (name) => {
    const before = snapshot(tree);
    await expect(signalGenerator(tree, { name })).rejects.toThrow(`invalid signal name "${name}": use kebab-case`);
    expect(snapshot(tree)).toEqual(before);
  });

  it.each(['registry', 'contract', 'traces', 'testing'])('refuses the reserved name "%s"', async (name) => {
    await expect(signalGenerator(tree, { name })).rejects.toThrow(`invalid signal name "${name}": it is reserved`);
  });

  it('refuses a malformed otlpPath or dataset before writing', async () => {
    await expect(signalGenerator(tree, { name: 'profiles', otlpPath: 'v1/profiles' })).rejects.toThrow(/invalid otlpPath "v1\/profiles"/);
    await expect(signalGenerator(tree, { name: 'profiles', dataset: 'Has Spaces' })).rejects.toThrow(/invalid dataset/);
    expect(tree.exists('libs/signals/profiles')).toBe(false);
  });

  it('refuses to run when the registry cannot be edited, leaving the tree untouched', async () => {
    tree.write(REGISTRY, `export const somethingElse = [];\n`);
    const before = snapshot(tree);
    await expect(signalGenerator(tree, { name: 'profiles' })).rejects.toThrow(/cannot register signal "profiles"/);
    expect(snapshot(tree)).toEqual(before);
  });

  it('refuses to run without a registry', async () => {
    tree.delete(REGISTRY);
    await expect(signalGenerator(tree, { name: 'profiles' })).rejects.toThrow(/signal registry is missing/);
  });
});

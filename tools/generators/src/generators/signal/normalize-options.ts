import { getProjects, joinPathFragments, names, readJson, type Tree } from '@nx/devkit';
import type { SignalGeneratorSchema } from './schema';
import { SignalGeneratorError } from './signal-generator-error';
import { WorkspacePaths, signalImportPath } from './workspace-paths';

/** Everything the generator writes, derived once from the command-line options. */
export interface NormalizedSignalOptions {
  /** kebab-case, e.g. `k8s-events`. */
  name: string;
  /** e.g. `k8sEvents`, as in `k8sEventsSignal`. */
  propertyName: string;
  /** e.g. `K8sEvents`, as in `eventizeK8sEvents`. */
  className: string;
  signalType: string;
  dataset: string;
  otlpPath: string;
  attributePrefix: string;
  projectRoot: string;
  importPath: string;
  skipFormat: boolean;
}

const KEBAB_CASE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const SIGNAL_TYPE = /^[a-z][a-z0-9_-]*$/;
const DATASET = /^[a-z0-9][a-z0-9_-]*$/;
const HTTP_PATH = /^(\/[A-Za-z0-9._~-]+)+$/;

/**
 * Names a signal library may not take: other projects' names and folders, what the registry or a
 * library entry point is called, and `traces`, which OTLP uses for the spans signal.
 */
export const RESERVED_SIGNAL_NAMES: ReadonlySet<string> = new Set([
  'contract',
  'otlp',
  'registry',
  'signal-registry',
  'signal',
  'signals',
  'storage',
  'catalog',
  'sharding',
  'server',
  'prism',
  'generators',
  'workspace',
  'testing',
  'index',
  'traces',
]);

/** Validates the options and fills in defaults; throws SignalGeneratorError before anything is written. */
export function normalizeSignalOptions(tree: Tree, schema: SignalGeneratorSchema): NormalizedSignalOptions {
  const name = (schema.name ?? '').trim();
  if (!KEBAB_CASE.test(name)) {
    throw new SignalGeneratorError(
      `invalid signal name "${name}": use kebab-case (lower-case letters, digits and dashes, starting with a letter), e.g. "profiles"`,
    );
  }
  if (RESERVED_SIGNAL_NAMES.has(name)) throw new SignalGeneratorError(`invalid signal name "${name}": it is reserved`);
  const projectRoot = joinPathFragments(WorkspacePaths.signalsDir, name);
  const importPath = signalImportPath(name);
  if (getProjects(tree).has(name) || tree.exists(projectRoot) || aliasExists(tree, importPath)) {
    throw new SignalGeneratorError(`signal "${name}" already exists (project, folder ${projectRoot} or import path ${importPath} is taken)`);
  }
  if (!tree.exists(WorkspacePaths.registeredSignals)) {
    throw new SignalGeneratorError(`the signal registry is missing: expected ${WorkspacePaths.registeredSignals}`);
  }

  const signalType = checked(schema.signalType ?? singularOf(name), SIGNAL_TYPE, 'signalType', 'lower-case letters, digits, "-" and "_"');
  const dataset = checked(schema.dataset ?? name, DATASET, 'dataset', 'lower-case letters, digits, "-" and "_"');
  const otlpPath = checked(schema.otlpPath ?? `/v1/${name}`, HTTP_PATH, 'otlpPath', 'an absolute path such as /v1/profiles, without a trailing slash');
  const { propertyName, className } = names(name);
  return {
    name,
    propertyName,
    className,
    signalType,
    dataset,
    otlpPath,
    attributePrefix: `${name}.attr.`,
    projectRoot,
    importPath,
    skipFormat: schema.skipFormat ?? false,
  };
}

/** The singular of an English plural, well enough for signal names: `spans` → `span`, `entries` → `entry`. */
export function singularOf(name: string): string {
  if (/[^aeiou]ies$/.test(name)) return name.slice(0, -3) + 'y';
  if (/(ss|x|ch|sh)es$/.test(name)) return name.slice(0, -2);
  if (/[^su]s$/.test(name) && !/is$/.test(name)) return name.slice(0, -1);
  return name;
}

function checked(value: string, pattern: RegExp, option: string, expected: string): string {
  if (!pattern.test(value)) throw new SignalGeneratorError(`invalid ${option} "${value}": expected ${expected}`);
  return value;
}

function aliasExists(tree: Tree, importPath: string): boolean {
  if (!tree.exists(WorkspacePaths.tsconfigBase)) return false;
  const tsconfig = readJson<{ compilerOptions?: { paths?: Record<string, unknown> } }>(tree, WorkspacePaths.tsconfigBase);
  return tsconfig.compilerOptions?.paths?.[importPath] !== undefined;
}

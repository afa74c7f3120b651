import { ConfigError } from './config-error';
import type { ConfigProblem } from './config-error';
import { S3_DEPENDENT_KEYS, configVariables } from './config-variables';
import type { ConfigVariable, PrismConfig } from './config-variables';

/** The environment as Node gives it. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** A usable configuration plus warnings (e.g. unknown `PRISM_*` names), or every problem found. */
export type ConfigResult = { ok: true; config: PrismConfig; warnings: string[] } | { ok: false; error: ConfigError };

const REFERENCE = /\{(PRISM_[A-Z0-9_]+)\}/g;

/**
 * Reads Prism's configuration from environment variables. Empty values count as unset, so
 * `PRISM_PORT=` in a compose file falls back to the default.
 *
 * @example
 * const result = loadConfig(process.env);
 * if (!result.ok) { process.stderr.write(result.error.message); process.exit(1); }
 */
export function loadConfig(env: Environment): ConfigResult {
  const problems: ConfigProblem[] = [];
  const rawByName = new Map<string, string>();
  const config: Record<string, unknown> = {};

  for (const [key, variable] of Object.entries(configVariables) as [string, ConfigVariable][]) {
    const given = nonEmpty(env[variable.name]);
    const raw = given ?? (variable.default === undefined ? undefined : expandDefault(variable.default, rawByName));
    if (raw === undefined) continue;
    rawByName.set(variable.name, raw);
    const parsed = variable.parser.parse(raw);
    if (parsed.ok) config[key] = parsed.value;
    else problems.push({ variable: variable.name, value: raw, expected: variable.parser.expected });
  }

  if (config['s3Bucket'] === undefined) {
    for (const key of S3_DEPENDENT_KEYS) {
      const name = configVariables[key].name;
      if (rawByName.has(name)) {
        problems.push({ variable: configVariables.s3Bucket.name, expected: `a bucket name, because ${name} is set` });
        break;
      }
    }
  }

  if (problems.length > 0) return { ok: false, error: new ConfigError(problems) };
  return { ok: true, config: config as PrismConfig, warnings: unknownVariableWarnings(env) };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function expandDefault(template: string, rawByName: ReadonlyMap<string, string>): string {
  return template.replace(REFERENCE, (_, name: string) => rawByName.get(name) ?? '');
}

const KNOWN_NAMES: ReadonlySet<string> = new Set(Object.values(configVariables).map((variable) => variable.name));

// Unknown names are warnings, not errors: other tools (tests, CI) use the PRISM_ prefix too, but a
// typo such as PRISM_PROT deserves a line in the log.
function unknownVariableWarnings(env: Environment): string[] {
  return Object.keys(env)
    .filter((name) => name.startsWith('PRISM_') && !KNOWN_NAMES.has(name))
    .sort()
    .map((name) => `${name} is not a Prism setting and is ignored`);
}

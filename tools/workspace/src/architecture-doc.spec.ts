import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { boundaries } from './module-boundaries.mjs';
import { listWorkspaceProjects, workspaceRoot, type WorkspaceProject } from './workspace-projects';

/**
 * Keeps `docs/architecture.md` true where it names things: its projects table equals the projects
 * on disk (name, path, tags) and the scope rules of `module-boundaries.mjs`; its boundaries table
 * equals `boundaries`; its backticked repo paths exist; its `@prism/…` specifiers are aliases.
 */

const DOC = 'docs/architecture.md';
const doc = readFileSync(join(workspaceRoot, DOC), 'utf8');

const PROJECTS_HEADER = ['| project | path | tags | may import | owns |', '| --- | --- | --- | --- | --- |'];
const BOUNDARIES_HEADER = ['| tag | may depend on | why |', '| --- | --- | --- |'];

/** The lines between `<!-- <marker>:start -->` and `<!-- <marker>:end -->`. */
function markedBlock(marker: string): string[] {
  const start = `<!-- ${marker}:start -->`;
  const end = `<!-- ${marker}:end -->`;
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${DOC} lacks the markers ${start} … ${end}; put them back around the table`);
  return doc
    .slice(from + start.length, to)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** Cells of a markdown table row, trimmed. */
function cellsOf(row: string): string[] {
  return row
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((cell) => cell.trim());
}

const code = (value: string): string => `\`${value}\``;
const tagList = (tags: readonly string[]): string => (tags.length === 0 ? 'nothing' : tags.map(code).join(' '));

/** What a project may import by the rules of its scope tags, in `boundaries` order without repeats. */
function scopeRuleOf(project: WorkspaceProject): string[] {
  const allowed: string[] = [];
  for (const rule of boundaries) {
    if (!rule.sourceTag.startsWith('scope:') || !project.tags.includes(rule.sourceTag)) continue;
    for (const tag of rule.onlyDependOnLibsWithTags) if (!allowed.includes(tag)) allowed.push(tag);
  }
  return allowed;
}

/** The "owns" texts the doc already has, by project name, so the rendered table keeps them. */
function ownsInDoc(): Map<string, string> {
  const owns = new Map<string, string>();
  for (const row of markedBlock('projects-table').slice(2)) {
    const cells = cellsOf(row);
    if (cells.length === 5) owns.set(cells[0].replace(/`/g, ''), cells[4]);
  }
  return owns;
}

/**
 * Signal plug-ins share one row: the generator adds a library under libs/signals/ without touching
 * this page (issue #19: a generation changes only the new library and the registry line).
 */
const SIGNAL_PLUGINS_ROW = 'signal plug-ins';
const SIGNAL_PLUGINS_PATH = 'libs/signals/<name>';

/** The projects table as it must read: projects sorted by path, "owns" kept from the doc. */
function expectedProjectsTable(): string[] {
  const owns = ownsInDoc();
  const projects = [...listWorkspaceProjects()].sort((a, b) => a.root.localeCompare(b.root));
  const plugins = projects.filter((project) => project.tags.includes('scope:signal'));
  const rows: string[] = [];
  for (const project of projects) {
    if (project.tags.includes('scope:signal')) {
      if (project !== plugins[0]) continue;
      const what = owns.get(SIGNAL_PLUGINS_ROW) ?? 'TODO: say what a signal plug-in owns';
      rows.push(`| ${SIGNAL_PLUGINS_ROW} | ${code(SIGNAL_PLUGINS_PATH)} | ${tagList(project.tags)} | ${tagList(scopeRuleOf(project))} | ${what} |`);
      continue;
    }
    const what = owns.get(project.name) ?? 'TODO: say what this project owns';
    rows.push(`| ${code(project.name)} | ${code(project.root)} | ${tagList(project.tags)} | ${tagList(scopeRuleOf(project))} | ${what} |`);
  }
  return [...PROJECTS_HEADER, ...rows];
}

/** The boundaries table as it must read: one row per rule, in `boundaries` order. */
function expectedBoundariesTable(): string[] {
  return [...BOUNDARIES_HEADER, ...boundaries.map((rule) => `| ${code(rule.sourceTag)} | ${tagList(rule.onlyDependOnLibsWithTags)} | ${rule.why} |`)];
}

/** Every `…` span of the doc (inline code), fenced blocks included. */
function backticked(): string[] {
  return [...doc.matchAll(/`([^`\n]+)`/g)].map((match) => match[1]);
}

const REPO_PREFIXES = ['libs/', 'apps/', 'tools/', 'docs/'];

/** Backticked repo paths: start with a repo folder, contain '/', no placeholder or space. */
function repoPathsNamed(): string[] {
  const paths = backticked()
    .filter((text) => REPO_PREFIXES.some((prefix) => text.startsWith(prefix)))
    .filter((text) => !/[<>{}*\s]/.test(text))
    .map((text) => text.replace(/[.,;:]+$/, ''));
  return [...new Set(paths)];
}

describe(DOC, () => {
  it('gives every signal plug-in the same tags, so one row describes them all', () => {
    const plugins = listWorkspaceProjects().filter((project) => project.tags.includes('scope:signal'));
    expect(plugins.length).toBeGreaterThan(0);
    for (const plugin of plugins) expect(plugin.tags, `${plugin.root}: tags differ from the other signal plug-ins'`).toEqual(plugins[0].tags);
  });

  it('lists every project on disk with its path, tags and the scopes its rules allow', () => {
    const actual = markedBlock('projects-table');
    const expected = expectedProjectsTable();
    const message =
      `The projects table in ${DOC} differs from the project.json files and tools/workspace/src/module-boundaries.mjs. ` +
      `Paste this between <!-- projects-table:start --> and <!-- projects-table:end --> ` +
      `(and write the "owns" text of any TODO row):\n\n${expected.join('\n')}\n`;
    expect(actual, message).toEqual(expected);
  });

  it('states every rule of module-boundaries.mjs, in its order, with its why', () => {
    const actual = markedBlock('boundaries-table');
    const expected = expectedBoundariesTable();
    const message =
      `The boundaries table in ${DOC} differs from \`boundaries\` in tools/workspace/src/module-boundaries.mjs. ` +
      `Paste this between <!-- boundaries-table:start --> and <!-- boundaries-table:end -->:\n\n${expected.join('\n')}\n`;
    expect(actual, message).toEqual(expected);
  });

  it('names only repo paths that exist', () => {
    const named = repoPathsNamed();
    expect(named.length).toBeGreaterThan(10);
    const missing = named.filter((path) => !existsSync(join(workspaceRoot, path)));
    expect(missing, `${DOC} names paths that do not exist: fix or remove them (a path with <placeholder> is not checked)`).toEqual([]);
  });

  it('names only @prism import specifiers that tsconfig.base.json maps', () => {
    const tsconfig = JSON.parse(readFileSync(join(workspaceRoot, 'tsconfig.base.json'), 'utf8')) as {
      compilerOptions: { paths: Record<string, string[]> };
    };
    const aliases = new Set(Object.keys(tsconfig.compilerOptions.paths));
    const named = [...new Set([...doc.matchAll(/@prism\/[a-z0-9-]+(?:\/[a-z0-9-]+)*/g)].map((match) => match[0]))];
    expect(named.length).toBeGreaterThan(3);
    const unknown = named.filter((specifier) => !aliases.has(specifier));
    expect(unknown, `${DOC} names @prism specifiers that are not keys of tsconfig.base.json "paths": fix the name or add the alias`).toEqual([]);
  });
});

describe('the checks of the architecture page', () => {
  it('render each row from disk and the rules, keeping every owns text of the page', () => {
    const expected = expectedProjectsTable();
    expect(expected.some((row) => row.startsWith('| `storage` | `libs/storage` | `type:lib` `scope:storage` | `scope:contract` |'))).toBe(true);
    expect(
      expected.some((row) =>
        row.startsWith('| signal plug-ins | `libs/signals/<name>` | `type:lib` `scope:signal` | `scope:contract` `scope:otlp` | one library per signal type'),
      ),
    ).toBe(true);
    expect(expected.filter((row) => row.includes('`libs/signals/spans`') || row.includes('`libs/signals/logs`'))).toEqual([]);
  });

  it('skip placeholder paths and strip trailing punctuation', () => {
    const named = repoPathsNamed();
    expect(named).toContain('tools/workspace/src/module-boundaries.mjs');
    expect(named.some((path) => path.includes('<'))).toBe(false);
  });
});

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { boundaries } from './module-boundaries.mjs';
import { listWorkspaceProjects, workspaceRoot } from './workspace-projects';

/** `@prism/x` (or `@prism/x/testing`) → the project whose sources the alias points into. */
function aliasOwners(projects: ReturnType<typeof listWorkspaceProjects>): Map<string, string> {
  const { compilerOptions } = JSON.parse(readFileSync(join(workspaceRoot, 'tsconfig.base.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, string[]> };
  };
  const owners = new Map<string, string>();
  for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
    const path = target.replace(/^\.\//, '');
    const owner = projects.filter((project) => path.startsWith(`${project.root}/`)).sort((a, b) => b.root.length - a.root.length)[0];
    if (owner !== undefined) owners.set(alias, owner.name);
  }
  return owners;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|mts)$/.test(entry.name) && !entry.parentPath.includes('/files'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The `@prism/*` specifiers a project's sources import (production code, specs, and an app's `e2e/` specs alike). */
function importedAliases(root: string): Set<string> {
  const aliases = new Set<string>();
  const folders = ['src', 'e2e'].map((folder) => join(workspaceRoot, root, folder)).filter((folder) => existsSync(folder));
  for (const file of folders.flatMap(sourceFiles)) {
    for (const match of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(@prism\/[^']+)'/g)) aliases.add(match[1]);
  }
  return aliases;
}

describe('module boundaries are as tight as the code', () => {
  const projects = listWorkspaceProjects();
  const owners = aliasOwners(projects);
  const scopeOf = new Map(projects.map((project) => [project.name, project.tags.find((tag) => tag.startsWith('scope:'))]));
  // What each source scope's projects really import, as scopes.
  const usedScopes = new Map<string, Set<string>>();
  for (const project of projects) {
    const scope = scopeOf.get(project.name);
    if (scope === undefined) continue;
    const used = usedScopes.get(scope) ?? new Set<string>();
    for (const alias of importedAliases(project.root)) {
      const target = owners.get(alias);
      const targetScope = target === undefined ? undefined : scopeOf.get(target);
      if (targetScope !== undefined && targetScope !== scope) used.add(targetScope);
    }
    usedScopes.set(scope, used);
  }

  it.each(boundaries.filter((boundary) => boundary.sourceTag.startsWith('scope:')).map((boundary) => [boundary.sourceTag, boundary] as const))(
    '%s allows only scopes its projects import',
    (sourceTag, boundary) => {
      const used = usedScopes.get(sourceTag) ?? new Set<string>();
      const unused = boundary.onlyDependOnLibsWithTags.filter((tag) => tag.startsWith('scope:') && !used.has(tag));
      expect(unused, `${sourceTag} may import ${unused.join(', ')} but nothing in it does: remove them from tools/workspace/src/module-boundaries.mjs`).toEqual(
        [],
      );
    },
  );
});

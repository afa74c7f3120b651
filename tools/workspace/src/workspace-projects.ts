import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';

/** The repository root, found from this file so tests run from any working directory. */
export const workspaceRoot = resolve(import.meta.dirname, '../../..');

export interface WorkspaceProject {
  name: string;
  root: string;
  tags: string[];
}

/** Every project.json tracked or added in the work tree, read straight from disk. */
export function listWorkspaceProjects(): WorkspaceProject[] {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '--', '*project.json'], {
    cwd: workspaceRoot,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((file) => file.endsWith('project.json') && !file.includes('/files/'));
  return files.map((file) => {
    const json = JSON.parse(readFileSync(join(workspaceRoot, file), 'utf8')) as { name: string; tags?: string[] };
    return { name: json.name, root: relative(workspaceRoot, dirname(join(workspaceRoot, file))), tags: json.tags ?? [] };
  });
}

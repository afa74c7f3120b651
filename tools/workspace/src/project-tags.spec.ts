import { describe, expect, it } from 'vitest';
import { boundaries, scopeTags, typeTags } from './module-boundaries.mjs';
import { listWorkspaceProjects } from './workspace-projects';

const projects = listWorkspaceProjects();
const knownTags = new Set<string>([...typeTags, ...scopeTags]);

describe('project tags', () => {
  it('finds the projects of the layout', () => {
    const roots = projects.map((project) => project.root);
    for (const root of ['libs/contract', 'libs/signals/spans', 'libs/signals/logs', 'libs/signals/metrics', 'libs/storage', 'libs/catalog', 'libs/sharding']) {
      expect(roots).toContain(root);
    }
  });

  it.each(projects.map((project) => [project.name, project] as const))('%s has one known type tag and known scope tags', (_name, project) => {
    const unknown = project.tags.filter((tag) => !knownTags.has(tag));
    expect(unknown).toEqual([]);
    expect(project.tags.filter((tag) => tag.startsWith('type:'))).toHaveLength(1);
    expect(project.tags.filter((tag) => tag.startsWith('scope:')).length).toBeGreaterThanOrEqual(1);
  });

  it('gives every known tag a boundary rule', () => {
    const ruled = new Set<string>(boundaries.map((rule) => rule.sourceTag));
    expect([...knownTags].filter((tag) => !ruled.has(tag))).toEqual([]);
    for (const rule of boundaries) {
      expect(rule.onlyDependOnLibsWithTags.filter((tag) => !knownTags.has(tag))).toEqual([]);
    }
  });
});

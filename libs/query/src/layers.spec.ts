import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The layers of libs/query, lowest first. A file may import its own layer and any lower one, never
 * a sibling on the same rank or anything above: arrows point down only. A layer is the first path
 * segment under src/ (a folder, or a root file without `.ts`). Spec files are exempt (tests may use
 * fixtures from anywhere); a file outside every layer fails, so a new folder must be placed here.
 */
const LAYERS: ReadonlyArray<readonly string[]> = [
  /** Named errors (validation, budget exceeded). */
  ['errors'],
  /**
   * What to compute (plans, resolved against signals), what a segment offers to prune and read,
   * and the budget a query is metered against.
   */
  ['plan', 'segment', 'budget'],
  /** Block pruning over segment stats; vectorized execution (filters, aggregation, row collection). */
  ['prune', 'exec'],
  /** The engine: its stages, explain recorder, segment sources and tiers. */
  ['engine'],
  /** The JSON DSL over the engine; the test fixtures that build an engine over a temp store. */
  ['dsl', 'test-support'],
  /** The DSL endpoint; mounting of signals' own routes. */
  ['http'],
  /** The public entry points. */
  ['index', 'testing'],
];

const SRC = import.meta.dirname;

/** A relative import from `from` that points into a higher or sibling layer. */
export interface LayerViolation {
  from: string;
  to: string;
}

function rankOf(layer: string): number {
  return LAYERS.findIndex((rank) => rank.includes(layer));
}

function layerOf(file: string): string {
  return file.split('/')[0].replace(/\.ts$/, '');
}

/** The arrows that break the layering: `imports` maps a src-relative file to the src-relative files it imports. */
export function layerViolations(imports: ReadonlyMap<string, readonly string[]>): LayerViolation[] {
  const violations: LayerViolation[] = [];
  for (const [from, targets] of imports) {
    const source = layerOf(from);
    for (const to of targets) {
      const target = layerOf(to);
      if (target !== source && rankOf(target) >= rankOf(source)) violations.push({ from, to });
    }
  }
  return violations;
}

/** Files on an import cycle (each cycle once, by its first file in sorted order). */
export function importCycles(imports: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const visit = (file: string, path: string[]) => {
    const at = path.indexOf(file);
    if (at >= 0) {
      const cycle = path.slice(at);
      const first = [...cycle].sort()[0];
      const start = cycle.indexOf(first);
      const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
      if (!cycles.some((known) => known.join() === rotated.join())) cycles.push(rotated);
      return;
    }
    if (done.has(file)) return;
    for (const next of imports.get(file) ?? []) visit(next, [...path, file]);
    done.add(file);
  };
  for (const file of [...imports.keys()].sort()) visit(file, []);
  return cycles;
}

/** Every non-spec source file under src/, src-relative. */
function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts') ? [relative(SRC, path)] : [];
  });
}

/** The src-relative files a file imports or re-exports (type-only ones included); packages are left out. */
function relativeImportsOf(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(join(SRC, file), 'utf8'), true, true);
  return importedFiles
    .map((imported) => imported.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => {
      const base = join(dirname(join(SRC, file)), name);
      const resolved = [`${base}.ts`, join(base, 'index.ts')].find((candidate) => existsSync(candidate));
      if (resolved === undefined) throw new Error(`${file}: cannot resolve "${name}"`);
      return relative(SRC, resolved);
    });
}

function importGraph(): Map<string, string[]> {
  return new Map(sourceFiles().map((file) => [file, relativeImportsOf(file)]));
}

describe('layers of libs/query', () => {
  const graph = importGraph();

  it('places every source file in a layer', () => {
    expect([...graph.keys()].filter((file) => rankOf(layerOf(file)) < 0)).toEqual([]);
    // A guard that the walk found the library at all (it lost the Zipkin API and metric aggregates to their plug-ins).
    expect(graph.size).toBeGreaterThan(40);
  });

  it('has no import from a lower layer to a higher or sibling one', () => {
    expect(layerViolations(graph)).toEqual([]);
  });

  it('has no import cycles between files', () => {
    expect(importCycles(graph)).toEqual([]);
  });

  it('would catch an arrow back up, a sibling arrow and a cycle', () => {
    const bad = new Map<string, string[]>([
      ['exec/row-collector.ts', ['engine/query-engine.ts', 'budget/query-budget.ts']],
      ['prune/block-pruner.ts', ['exec/row-filter.ts', 'segment/query-segment.ts']],
      ['exec/a.ts', ['exec/b.ts']],
      ['exec/b.ts', ['exec/a.ts']],
    ]);
    expect(layerViolations(bad)).toEqual([
      { from: 'exec/row-collector.ts', to: 'engine/query-engine.ts' },
      { from: 'prune/block-pruner.ts', to: 'exec/row-filter.ts' },
    ]);
    expect(importCycles(bad)).toEqual([['exec/a.ts', 'exec/b.ts']]);
  });
});

/** One edge of `/api/v2/dependencies`. */
export interface DependencyLink {
  parent: string;
  child: string;
  callCount: number;
  errorCount?: number;
}

export interface GraphNode {
  name: string;
  /** Column: the longest chain of callers above it (callers on the left). */
  layer: number;
  x: number;
  y: number;
}

export interface DependencyGraphLayout {
  nodes: GraphNode[];
  edges: Array<DependencyLink & { from: GraphNode; to: GraphNode }>;
  width: number;
  height: number;
}

/**
 * A layered layout: each service one column right of its deepest caller (cycles are cut where a
 * service is met again), services of a column stacked in name order. Simple and stable for the tens
 * of services a dependency graph usually has.
 */
export function layoutDependencies(links: readonly DependencyLink[], spacing = { x: 220, y: 80, margin: 60 }): DependencyGraphLayout {
  const names = [...new Set(links.flatMap((link) => [link.parent, link.child]))].sort();
  const callees = new Map<string, string[]>(names.map((name) => [name, []]));
  for (const link of links) if (link.parent !== link.child) callees.get(link.parent)?.push(link.child);
  const layer = new Map<string, number>(names.map((name) => [name, 0]));
  // Longest-path layering by relaxation; at most `names.length` rounds, so a cycle cannot loop forever.
  for (let round = 0; round < names.length; round++) {
    let changed = false;
    for (const link of links) {
      if (link.parent === link.child) continue;
      const candidate = (layer.get(link.parent) ?? 0) + 1;
      if (candidate > (layer.get(link.child) ?? 0) && candidate < names.length) {
        layer.set(link.child, candidate);
        changed = true;
      }
    }
    if (!changed) break;
  }
  const columns = new Map<number, string[]>();
  for (const name of names) {
    const column = layer.get(name) ?? 0;
    columns.set(column, [...(columns.get(column) ?? []), name]);
  }
  const nodes = new Map<string, GraphNode>();
  for (const [column, members] of columns) {
    members.forEach((name, row) => nodes.set(name, { name, layer: column, x: spacing.margin + column * spacing.x, y: spacing.margin + row * spacing.y }));
  }
  const all = [...nodes.values()];
  const edges = links.map((link) => ({ ...link, from: nodes.get(link.parent) as GraphNode, to: nodes.get(link.child) as GraphNode }));
  const width = all.length === 0 ? 0 : Math.max(...all.map((node) => node.x)) + spacing.margin * 2;
  const height = all.length === 0 ? 0 : Math.max(...all.map((node) => node.y)) + spacing.margin;
  return { nodes: all, edges, width, height };
}

import { describe, expect, it } from 'vitest';
import { layoutDependencies } from './dependency-layout';

describe('layoutDependencies', () => {
  it('puts each service one column right of its deepest caller', () => {
    const layout = layoutDependencies([
      { parent: 'frontend', child: 'cart', callCount: 10 },
      { parent: 'cart', child: 'db', callCount: 4 },
      { parent: 'frontend', child: 'db', callCount: 1 },
    ]);
    expect(Object.fromEntries(layout.nodes.map((node) => [node.name, node.layer]))).toEqual({ frontend: 0, cart: 1, db: 2 });
    expect(layout.edges.map((edge) => [edge.from.name, edge.to.name])).toEqual([
      ['frontend', 'cart'],
      ['cart', 'db'],
      ['frontend', 'db'],
    ]);
  });

  it('terminates on cycles and self-calls', () => {
    const layout = layoutDependencies([
      { parent: 'a', child: 'b', callCount: 1 },
      { parent: 'b', child: 'a', callCount: 1 },
      { parent: 'a', child: 'a', callCount: 1 },
    ]);
    expect(layout.nodes.map((node) => node.name).sort()).toEqual(['a', 'b']);
    expect(layout.nodes.every((node) => node.layer < 2)).toBe(true);
  });
});

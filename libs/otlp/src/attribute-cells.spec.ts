import { RowBatchBuilder, rowsOf } from '@prism/contract';
import { describe, expect, it } from 'vitest';
import { AttributeColumnNames, attributeCells, writeAttributes, writeCells } from './attribute-cells';
import type { KeyValue } from './model';
import { resourceCells, scopeCells } from './scope-cells';
import { checkOptionalId, isIdPresent } from './trace-context';

const attributes: KeyValue[] = [
  { key: 's', value: { kind: 'string', value: 'x' } },
  { key: 'i', value: { kind: 'int', value: 7n } },
  { key: 'd', value: { kind: 'double', value: 1.5 } },
  { key: 'b', value: { kind: 'bool', value: false } },
  { key: 'y', value: { kind: 'bytes', value: new Uint8Array([1, 2]) } },
  { key: 'a', value: { kind: 'array', values: [{ kind: 'int', value: 1n }, { kind: 'empty' }] } },
  { key: 'e', value: { kind: 'empty' } },
];

function oneRow(write: (builder: RowBatchBuilder) => void): Array<Record<string, unknown>> {
  const builder = new RowBatchBuilder();
  builder.startRow();
  write(builder);
  return rowsOf(builder.build());
}

describe('attribute cells', () => {
  it('resolve every AnyValue kind to a typed cell and leave empty values out', () => {
    expect(attributeCells('p.', attributes).map((cell) => [cell.column, cell.value.type])).toEqual([
      ['p.s', 'string'],
      ['p.i', 'int64'],
      ['p.d', 'double'],
      ['p.b', 'bool'],
      ['p.y', 'bytes'],
      ['p.a', 'json'],
    ]);
  });

  it('write the same row whether resolved to cells first or written straight', () => {
    const expected = { 'p.s': 'x', 'p.i': 7n, 'p.d': 1.5, 'p.b': false, 'p.y': new Uint8Array([1, 2]), 'p.a': '[1,null]' };
    expect(oneRow((builder) => writeCells(builder, attributeCells('p.', attributes)))).toEqual([expected]);
    expect(oneRow((builder) => writeAttributes(builder, new AttributeColumnNames('p.'), attributes))).toEqual([expected]);
  });

  it('cache column names per key', () => {
    const names = new AttributeColumnNames('span.attr.');
    expect(names.of('k')).toBe('span.attr.k');
    expect(names.of('k')).toBe(names.of('k'));
    expect(attributeCells(names, [{ key: 'k', value: { kind: 'bool', value: true } }])[0].column).toBe('span.attr.k');
  });
});

describe('scope cells', () => {
  it('put resource cells first, then scope name, version and attributes, skipping proto3 defaults', () => {
    const resource = resourceCells({ attributes: [{ key: 'service.name', value: { kind: 'string', value: 'api' } }], droppedAttributesCount: 0 });
    const cells = scopeCells(resource, {
      name: 'lib',
      version: '',
      attributes: [{ key: 'name', value: { kind: 'int', value: 1n } }],
      droppedAttributesCount: 0,
    });
    expect(cells.map((cell) => cell.column)).toEqual(['resource.service.name', 'scope.name', 'scope.name']);
    // A scope attribute named "name" collides with scope.name: the first type seen keeps the plain column.
    expect(oneRow((builder) => writeCells(builder, cells))).toEqual([{ 'resource.service.name': 'api', 'scope.name': 'lib', 'scope.name#int64': 1n }]);
    expect(resourceCells(undefined)).toEqual([]);
    expect(scopeCells(resource, undefined)).toEqual(resource);
  });
});

describe('trace context ids', () => {
  it('treat empty and all-zero ids as absent', () => {
    expect(isIdPresent(new Uint8Array(0))).toBe(false);
    expect(isIdPresent(new Uint8Array(8))).toBe(false);
    expect(isIdPresent(new Uint8Array([0, 0, 1]))).toBe(true);
  });

  it('accept an empty optional id and report a wrong length', () => {
    expect(checkOptionalId(new Uint8Array(0), 16, 'x.traceId')).toBeUndefined();
    expect(checkOptionalId(new Uint8Array(16), 16, 'x.traceId')).toBeUndefined();
    expect(checkOptionalId(new Uint8Array(3), 16, 'x.traceId')).toEqual({ path: 'x.traceId', message: 'expected 16 bytes, got 3' });
  });
});

import { RowBatchBuilder, type Signal } from '@prism/contract';

/** A signal plug-in that accepts nothing, for registry tests; `overrides` pick what may clash. */
export function fakeSignal(name: string, overrides: Partial<Signal> = {}): Signal {
  return {
    name,
    signalType: name,
    defaultDataset: name,
    attributePrefix: `${name}.attr.`,
    otlpPath: `/v1/${name}`,
    contentTypes: ['application/json'],
    decode: () => ({ ok: true, value: undefined, issues: [] }),
    eventize: () => ({ batch: new RowBatchBuilder().build(), acceptedRecords: 0, rejected: [] }),
    encodeExportResponse: () => new Uint8Array(),
    extraFormats: [],
    indexing: { dictionary: [], bloom: [] },
    query: { columnAliases: {}, defaultColumns: [], knownColumns: {} },
    ...overrides,
  };
}

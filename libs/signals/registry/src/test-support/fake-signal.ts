import { RowBatchBuilder, type Signal, type SignalIdentity, type SignalIngest, type SignalQueryHooks } from '@prism/contract';

/** What a registry test may set to make signals clash: identity, the ingest paths, query routes and aggregates. */
export type FakeSignalOverrides = Partial<SignalIdentity & Pick<SignalIngest, 'otlpPath' | 'extraFormats'> & Pick<SignalQueryHooks, 'routes' | 'aggregates'>>;

/** A signal plug-in that accepts nothing, for registry tests; `overrides` pick what may clash. */
export function fakeSignal(name: string, overrides: FakeSignalOverrides = {}): Signal {
  const { otlpPath = `/v1/${name}`, extraFormats = [], routes, aggregates, ...identity } = overrides;
  return {
    name,
    signalType: name,
    defaultDataset: name,
    attributePrefix: `${name}.attr.`,
    ...identity,
    ingest: {
      otlpPath,
      contentTypes: ['application/json'],
      decode: () => ({ ok: true, value: undefined, issues: [] }),
      eventize: () => ({ batch: new RowBatchBuilder().build(), acceptedRecords: 0, rejected: [] }),
      encodeExportResponse: () => new Uint8Array(),
      extraFormats,
    },
    indexing: { dictionary: [], bloom: [] },
    query: {
      columnAliases: {},
      defaultColumns: [],
      knownColumns: {},
      ...(routes === undefined ? {} : { routes }),
      ...(aggregates === undefined ? {} : { aggregates }),
    },
  };
}

// @ts-check
/**
 * The one table of module boundaries. `eslint.config.mjs` builds the
 * `@nx/enforce-module-boundaries` rule from it, and `module-boundaries.spec.ts` checks that every
 * project's tags appear here, so a misspelt tag fails the tests instead of silently matching nothing;
 * `boundaries-tightness.spec.ts` checks that every scope a boundary allows is imported somewhere,
 * so the table stays as tight as the code (widen it in the change that adds the import).
 */

/** @typedef {'type:app' | 'type:lib' | 'type:plugin' | 'type:tool'} TypeTag */
/**
 * @typedef {'scope:contract' | 'scope:otlp' | 'scope:signal' | 'scope:signal-registry'
 *   | 'scope:storage' | 'scope:catalog' | 'scope:sharding' | 'scope:server' | 'scope:prism'
 *   | 'scope:ingest' | 'scope:ingest-app' | 'scope:query' | 'scope:query-app' | 'scope:lifecycle' | 'scope:lifecycle-app'
 *   | 'scope:runtime' | 'scope:explorer' | 'scope:generators' | 'scope:workspace' | 'scope:bench' | 'scope:fuzz'} ScopeTag
 */
/** @typedef {{ sourceTag: TypeTag | ScopeTag, onlyDependOnLibsWithTags: Array<TypeTag | ScopeTag>, why: string }} Boundary */

/** @type {readonly TypeTag[]} */
export const typeTags = ['type:app', 'type:lib', 'type:plugin', 'type:tool'];

/** @type {readonly ScopeTag[]} */
export const scopeTags = [
  'scope:contract',
  'scope:otlp',
  'scope:signal',
  'scope:signal-registry',
  'scope:storage',
  'scope:catalog',
  'scope:sharding',
  'scope:server',
  'scope:prism',
  'scope:ingest',
  'scope:ingest-app',
  'scope:query',
  'scope:query-app',
  'scope:lifecycle',
  'scope:lifecycle-app',
  'scope:runtime',
  'scope:explorer',
  'scope:generators',
  'scope:workspace',
  'scope:bench',
  'scope:fuzz',
];

/** @type {readonly Boundary[]} */
export const boundaries = [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'], why: 'apps are thin: they wire libraries' },
  { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'], why: 'nothing imports an app or a tool' },
  { sourceTag: 'type:plugin', onlyDependOnLibsWithTags: [], why: 'generators only write files' },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib'], why: 'tools may use libraries, never apps' },
  { sourceTag: 'scope:contract', onlyDependOnLibsWithTags: [], why: 'the row model and plug-in contract are the foundation' },
  { sourceTag: 'scope:otlp', onlyDependOnLibsWithTags: ['scope:contract'], why: 'OTLP decoding is shared by the signals' },
  {
    sourceTag: 'scope:signal',
    onlyDependOnLibsWithTags: ['scope:contract', 'scope:otlp'],
    why: 'a signal is a plug-in: never another signal, storage or an app',
  },
  { sourceTag: 'scope:signal-registry', onlyDependOnLibsWithTags: ['scope:contract', 'scope:signal'], why: 'the registry lists the signal plug-ins' },
  { sourceTag: 'scope:storage', onlyDependOnLibsWithTags: ['scope:contract'], why: 'storage is signal-agnostic' },
  { sourceTag: 'scope:catalog', onlyDependOnLibsWithTags: ['scope:contract'], why: 'the catalog is signal-agnostic' },
  { sourceTag: 'scope:sharding', onlyDependOnLibsWithTags: [], why: 'the shard assignment is pure: signal-, storage- and catalog-agnostic' },
  {
    sourceTag: 'scope:server',
    onlyDependOnLibsWithTags: ['scope:contract'],
    why: "the HTTP server, configuration, logging, API-key gateway and error mapping know no signal, store or catalog (only the contract's tenant context)",
  },
  {
    sourceTag: 'scope:ingest',
    onlyDependOnLibsWithTags: ['scope:contract', 'scope:otlp', 'scope:signal-registry', 'scope:storage', 'scope:catalog', 'scope:sharding', 'scope:server'],
    why: 'ingest reaches signals only through the registry, and catalog and storage through their libraries',
  },
  {
    sourceTag: 'scope:lifecycle',
    onlyDependOnLibsWithTags: ['scope:contract', 'scope:storage', 'scope:catalog'],
    why: 'lifecycle moves segments between tiers; it never imports a signal library or the server',
  },
  {
    sourceTag: 'scope:runtime',
    onlyDependOnLibsWithTags: [
      'scope:contract',
      'scope:signal',
      'scope:signal-registry',
      'scope:storage',
      'scope:catalog',
      'scope:sharding',
      'scope:server',
      'scope:ingest',
      'scope:query',
      'scope:lifecycle',
    ],
    why: "the runtime opens stores from configuration and composes the services (signals through the registry; its specs drive a plug-in's own query routes, e.g. the Zipkin API, as the query service mounts them)",
  },
  { sourceTag: 'scope:prism', onlyDependOnLibsWithTags: ['scope:runtime', 'scope:server'], why: 'the all-in-one app wires the runtime' },
  { sourceTag: 'scope:ingest-app', onlyDependOnLibsWithTags: ['scope:runtime', 'scope:server'], why: 'the ingest app wires the ingest runtime' },
  { sourceTag: 'scope:query-app', onlyDependOnLibsWithTags: ['scope:runtime', 'scope:server'], why: 'the query app wires the query runtime' },
  { sourceTag: 'scope:lifecycle-app', onlyDependOnLibsWithTags: ['scope:runtime'], why: 'sealer and parquetizer apps wire lifecycle jobs through the runtime' },
  {
    sourceTag: 'scope:explorer',
    onlyDependOnLibsWithTags: ['scope:runtime'],
    why: "the browser explorer talks to Prism only over HTTP; its end-to-end spec starts a server with the runtime's test helpers",
  },
  {
    sourceTag: 'scope:query',
    onlyDependOnLibsWithTags: ['scope:contract', 'scope:signal-registry', 'scope:storage', 'scope:catalog', 'scope:server'],
    why: 'query gets its signals injected (its specs take real ones from the registry) and reaches data through storage and the catalog',
  },
  { sourceTag: 'scope:generators', onlyDependOnLibsWithTags: [], why: 'generators only write files' },
  { sourceTag: 'scope:workspace', onlyDependOnLibsWithTags: [], why: 'workspace tooling stands alone' },
  { sourceTag: 'scope:bench', onlyDependOnLibsWithTags: ['type:lib'], why: 'benchmarks drive the libraries like an app does' },
  {
    sourceTag: 'scope:fuzz',
    onlyDependOnLibsWithTags: ['scope:contract', 'scope:otlp', 'scope:signal-registry', 'scope:query'],
    why: 'the fuzzer feeds hostile input to the decoders and parsers those libraries expose',
  },
];

/**
 * Only these scopes may import the listed npm packages: clients stay at the edges. Benchmarks drive
 * stock PostgreSQL directly as a peer, so they may use its driver.
 */
/** @type {readonly { packages: string[], allowedScopes: ScopeTag[] }[]} */
export const externalImportRules = [
  { packages: ['@aws-sdk/*'], allowedScopes: ['scope:storage'] },
  { packages: ['pg', '@electric-sql/pglite'], allowedScopes: ['scope:catalog', 'scope:bench'] },
  // The libraries record metrics through their own small interfaces; the runtime implements them.
  { packages: ['prom-client'], allowedScopes: ['scope:runtime'] },
];

/** The depConstraints of `@nx/enforce-module-boundaries`, built from the tables above. */
export function depConstraints() {
  const bans = externalImportRules.flatMap((rule) => rule.packages);
  return boundaries.map(({ sourceTag, onlyDependOnLibsWithTags }) => {
    if (!sourceTag.startsWith('scope:')) return { sourceTag, onlyDependOnLibsWithTags };
    const scope = /** @type {ScopeTag} */ (sourceTag);
    const banned = bans.filter((pkg) => !externalImportRules.some((r) => r.packages.includes(pkg) && r.allowedScopes.includes(scope)));
    return { sourceTag, onlyDependOnLibsWithTags, bannedExternalImports: banned };
  });
}

import type { AuthenticatedTenant } from '@prism/contract';

/**
 * Why a presented key resolved to no tenant: `malformed` (not shaped like a Prism key) or
 * `unknown` (no such live key: never issued, revoked, or its tenant disabled; the catalog does not
 * tell these apart).
 */
export type KeyRejection = 'malformed' | 'unknown';

/** What a lookup found for a key. */
export type ApiKeyLookupResult = { found: true; tenant: AuthenticatedTenant } | { found: false; reason: KeyRejection };

/**
 * Resolves a presented API key (trimmed, non-empty) to its tenant. Rejects, rather than answering
 * `unknown`, when the store behind it cannot be asked: an unreachable catalog is not a bad key.
 * Ingest's `CachedApiKeyLookup` implements it over the catalog.
 */
export interface ApiKeyLookup {
  lookup(key: string): Promise<ApiKeyLookupResult>;
}

import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { displayPrefixOf, generateApiKey, hashApiKey, looksLikeApiKey } from '../api-key-format';
import { InvalidCatalogInputError, SqlState, UnknownTenantError, sqlStateOf } from '../errors';
import type { ApiKeysTable, CatalogSchema } from '../schema';
import type { TenantRunner } from '../tenant-session';

/** An API key's metadata; never its plaintext or hash. */
export interface ApiKey {
  keyId: string;
  tenantId: string;
  label: string;
  /** The first characters of the key, for telling keys apart in listings. */
  displayPrefix: string;
  createdAt: Date;
  /** When it stopped (or, for a rotation's overlap, will stop) working. */
  revokedAt?: Date;
}

/** A freshly created key: `key` is the plaintext, returned this once and never again. */
export interface CreatedApiKey {
  key: string;
  apiKey: ApiKey;
}

/** Who a presented key belongs to. */
export interface ResolvedApiKey {
  tenantId: string;
  keyId: string;
}

/** API keys, stored as SHA-256 hashes. Writes and listings run tenant-scoped; resolving is system-wide. */
export class ApiKeyRepository {
  constructor(
    private readonly db: Kysely<CatalogSchema>,
    private readonly runAs: (tenantId: string) => TenantRunner,
    private readonly clock: () => Date,
  ) {}

  /**
   * Creates a key for a tenant and returns its plaintext once; UnknownTenantError if no such tenant.
   * @example const { key } = await catalog.apiKeys.create('acme', 'collector in eu-west-1')
   */
  async create(tenantId: string, label: string): Promise<CreatedApiKey> {
    const key = generateApiKey();
    try {
      const row = await this.runAs(tenantId)((trx) =>
        trx
          .insertInto('api_keys')
          .values({
            key_id: randomUUID(),
            tenant_id: tenantId,
            label,
            key_prefix: displayPrefixOf(key),
            key_hash: hashApiKey(key),
            created_at: this.clock(),
            revoked_at: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow(),
      );
      return { key, apiKey: apiKeyOf(row) };
    } catch (error) {
      if (sqlStateOf(error) === SqlState.foreignKeyViolation) throw new UnknownTenantError(tenantId, { cause: error });
      throw error;
    }
  }

  /**
   * The tenant a presented key belongs to, or undefined when it is unknown, revoked or its tenant
   * is disabled. No constant-time comparison is needed: the lookup is by SHA-256 of the presented
   * key, so any timing difference tells an attacker about the hash of their own guess, and with a
   * preimage-resistant hash of a 256-bit random key that says nothing usable about a real key.
   */
  async resolve(key: string): Promise<ResolvedApiKey | undefined> {
    if (!looksLikeApiKey(key)) return undefined;
    const row = await this.db
      .selectFrom('api_keys')
      .innerJoin('tenants', 'tenants.tenant_id', 'api_keys.tenant_id')
      .select(['api_keys.tenant_id', 'api_keys.key_id'])
      .where('api_keys.key_hash', '=', hashApiKey(key))
      // A key whose revocation is scheduled (a rotation's overlap) works until then.
      .where((eb) => eb.or([eb('api_keys.revoked_at', 'is', null), eb('api_keys.revoked_at', '>', this.clock())]))
      .where('tenants.disabled_at', 'is', null)
      .executeTakeFirst();
    return row === undefined ? undefined : { tenantId: row.tenant_id, keyId: row.key_id };
  }

  /**
   * Revokes one of the tenant's keys, now or `afterMs` from now (a rotation's overlap: clients move
   * to the new key while the old one still works). A scheduled revocation can be brought forward,
   * never pushed back. False when the tenant has no such key that is still live.
   * @example await catalog.apiKeys.revoke('acme', keyId, { afterMs: 86_400_000 })
   */
  async revoke(tenantId: string, keyId: string, options: { afterMs?: number } = {}): Promise<boolean> {
    const afterMs = options.afterMs ?? 0;
    if (!Number.isFinite(afterMs) || afterMs < 0) throw new InvalidCatalogInputError('afterMs', `must be zero or more milliseconds, got ${afterMs}`);
    const now = this.clock();
    const at = new Date(now.getTime() + afterMs);
    const result = await this.runAs(tenantId)((trx) =>
      trx
        .updateTable('api_keys')
        .set({ revoked_at: at })
        .where('tenant_id', '=', tenantId)
        .where('key_id', '=', keyId)
        .where((eb) => eb.or([eb('revoked_at', 'is', null), eb('revoked_at', '>', at)]))
        .executeTakeFirst(),
    );
    return result.numUpdatedRows > 0n;
  }

  /** The tenant's keys, revoked ones included, oldest first. */
  async list(tenantId: string): Promise<ApiKey[]> {
    const rows = await this.runAs(tenantId)((trx) =>
      trx.selectFrom('api_keys').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at').orderBy('key_id').execute(),
    );
    return rows.map(apiKeyOf);
  }
}

function apiKeyOf(row: Selectable<ApiKeysTable>): ApiKey {
  return {
    keyId: row.key_id,
    tenantId: row.tenant_id,
    label: row.label,
    displayPrefix: row.key_prefix,
    createdAt: row.created_at,
    ...(row.revoked_at === null ? {} : { revokedAt: row.revoked_at }),
  };
}

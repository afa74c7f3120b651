/** Base class of every error the catalog raises on purpose; carries the tenant when one applies. */
export class CatalogError extends Error {
  override readonly name: string = 'CatalogError';

  constructor(
    message: string,
    /** The tenant the failing call ran for, when it was tenant-scoped. */
    readonly tenantId?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A tenant-scoped write named a tenant the catalog does not know. */
export class UnknownTenantError extends CatalogError {
  override readonly name = 'UnknownTenantError';

  constructor(tenantId: string, options?: { cause?: unknown }) {
    super(`unknown tenant "${tenantId}"`, tenantId, options);
  }
}

/** A segment was asked to move to a state its lifecycle does not allow from where it is. */
export class InvalidSegmentTransitionError extends CatalogError {
  override readonly name = 'InvalidSegmentTransitionError';

  constructor(
    readonly segmentId: string,
    readonly from: string,
    readonly to: string,
    tenantId?: string,
  ) {
    super(`segment "${segmentId}" cannot move from "${from}" to "${to}"`, tenantId);
  }
}

/** A call's input broke a rule the catalog checks before touching the database. */
export class InvalidCatalogInputError extends CatalogError {
  override readonly name = 'InvalidCatalogInputError';

  constructor(
    /** Which argument or field was wrong, e.g. `segment.minTimestampNs`. */
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** A tenant was created with a name that is already taken. */
export class TenantExistsError extends CatalogError {
  override readonly name = 'TenantExistsError';

  constructor(tenantId: string, options?: { cause?: unknown }) {
    super(`tenant "${tenantId}" already exists`, tenantId, options);
  }
}

/** The SQLSTATE code of a database error from `pg` or PGlite, when there is one. */
export function sqlStateOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const code = (error as { code: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** SQLSTATE codes the repositories translate into named errors. */
export const SqlState = {
  foreignKeyViolation: '23503',
  uniqueViolation: '23505',
  insufficientPrivilege: '42501',
} as const;

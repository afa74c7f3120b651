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

/** Who holds an embedded catalog's lock, as CatalogInUseError reports it. */
export interface CatalogLockOwner {
  pid: number;
  /** What the process is, e.g. `prism server`. */
  owner: string;
  /** When it started (ISO 8601), to tell a reused pid apart. */
  startedAt: string;
  host: string;
}

/**
 * An embedded (PGlite) catalog directory is open in another live process, or already in this one:
 * PGlite is one process's database, and a second instance on the same files loses writes.
 */
export class CatalogInUseError extends CatalogError {
  override readonly name = 'CatalogInUseError';
  /** Pid of the process that holds the catalog. */
  readonly ownerPid: number;

  constructor(
    /** The catalog's data directory, as it was given. */
    readonly dataDir: string,
    /** The lock file that names the holder. */
    readonly lockPath: string,
    readonly holder: CatalogLockOwner,
  ) {
    super(`the embedded catalog at ${dataDir} is in use by process ${holder.pid} (${holder.owner}); stop it, or use the running server's admin API`);
    this.ownerPid = holder.pid;
  }
}

/** The catalog database cannot be reached right now (its connection circuit is open); retry later. */
export class CatalogUnavailableError extends CatalogError {
  override readonly name = 'CatalogUnavailableError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, undefined, options);
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

/** Node socket errors of a database that cannot be reached. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** What `pg` says, without a code, when a connection dies or the pool cannot get one in time. */
const UNREACHABLE_MESSAGES = ['Connection terminated', 'timeout exceeded when trying to connect', 'Client has encountered a connection error'];

/**
 * Whether a catalog call failed because the database could not be reached or shed the work, so
 * the same call may succeed later (the edge answers 503 with Retry-After): connection exceptions
 * (SQLSTATE class 08), insufficient resources (53), operator intervention such as a shutdown or
 * a terminated backend (57P), a statement timeout (57014), an open connection circuit, serialization failures and deadlocks (40001, 40P01), and socket
 * errors. Anything else (a constraint, bad SQL, a bug) is not transient.
 */
export function isTransientCatalogError(error: unknown): boolean {
  if (error instanceof CatalogUnavailableError) return true;
  const code = sqlStateOf(error);
  if (code !== undefined) {
    if (UNREACHABLE_CODES.has(code)) return true;
    if (code.startsWith('08') || code.startsWith('53') || code.startsWith('57P') || code === '57014' || code === '40001' || code === '40P01') return true;
  }
  const message = error instanceof Error ? error.message : '';
  return UNREACHABLE_MESSAGES.some((known) => message.startsWith(known));
}

/**
 * The named errors of object stores. Every one carries the key it concerns; `ObjectStoreError`
 * also says whether the failure is transient, which is what the retrying decorator looks at.
 */

/** The object does not exist. Never retried. */
export class ObjectNotFoundError extends Error {
  override readonly name = 'ObjectNotFoundError';

  constructor(readonly key: string) {
    super(`object not found: ${JSON.stringify(key)}`);
  }
}

/** A key that is not a safe relative `/`-separated path (empty, `..`, leading `/`, …). */
export class InvalidKeyError extends Error {
  override readonly name = 'InvalidKeyError';

  constructor(
    readonly key: string,
    readonly reason: string,
  ) {
    super(`invalid object key ${JSON.stringify(key)}: ${reason}`);
  }
}

/** Another bad argument (a list page size out of 1–1000, an unknown cursor, …). */
export class InvalidArgumentError extends Error {
  override readonly name = 'InvalidArgumentError';

  constructor(
    readonly key: string,
    readonly reason: string,
  ) {
    super(`invalid argument for ${JSON.stringify(key)}: ${reason}`);
  }
}

/** A byte range that cannot be read: bad numbers, or an offset at or past the object's end. */
export class InvalidRangeError extends Error {
  override readonly name = 'InvalidRangeError';

  constructor(
    readonly key: string,
    readonly offset: number,
    readonly length: number,
    reason: string,
  ) {
    super(`invalid range of ${JSON.stringify(key)} (offset ${offset}, length ${length}): ${reason}`);
  }
}

/** Any other backend failure. `transient` failures (5xx, throttling, network) may succeed if retried. */
export class ObjectStoreError extends Error {
  override readonly name = 'ObjectStoreError';

  constructor(
    readonly operation: string,
    readonly key: string,
    message: string,
    readonly details: {
      readonly transient: boolean;
      /** HTTP status when the backend answered. */
      readonly status?: number;
      /** Backend error code (`SlowDown`, `AccessDenied`, `ECONNRESET`, …). */
      readonly code?: string;
      readonly cause?: unknown;
    },
  ) {
    super(`${operation} ${JSON.stringify(key)} failed: ${message}`, { cause: details.cause });
  }

  /** True when retrying may help. */
  get transient(): boolean {
    return this.details.transient;
  }
}

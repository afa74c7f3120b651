/**
 * The named errors of hot storage. Each carries the context needed to act on it; the ingest edge
 * maps them to HTTP status (lease errors are retryable, invalid names are client errors).
 */

/** A tenant, dataset or segment id that is not safe to use as a path component. */
export class InvalidNameError extends Error {
  override readonly name = 'InvalidNameError';

  constructor(
    readonly kind: 'tenant' | 'dataset' | 'segment',
    readonly value: string,
  ) {
    super(`invalid ${kind} id ${JSON.stringify(value)}`);
  }
}

/** A batch storage cannot place: no `timestamp` column, a null timestamp, or a clashing column. */
export class InvalidBatchError extends Error {
  override readonly name = 'InvalidBatchError';

  constructor(
    message: string,
    readonly column = '',
  ) {
    super(column === '' ? message : `${column}: ${message}`);
  }
}

/** Another writer holds a live lease on the segment; retry later. */
export class LeaseHeldError extends Error {
  override readonly name = 'LeaseHeldError';

  constructor(
    readonly segmentDir: string,
    readonly expiresAtMs: number,
  ) {
    super(`segment is leased by another writer until ${new Date(expiresAtMs).toISOString()}`);
  }
}

/** This writer's lease expired or was taken over: it must not commit. */
export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';

  constructor(readonly segmentDir: string) {
    super('segment lease was lost; the commit was not published');
  }
}

/** On-disk data that cannot be read: bad magic, checksum, unknown encoding or format version. */
export class CorruptDataError extends Error {
  override readonly name = 'CorruptDataError';

  constructor(
    message: string,
    readonly file = '',
  ) {
    super(file === '' ? message : `${file}: ${message}`);
  }
}

/** A prepared commit used out of order, e.g. published after abort. */
export class CommitStateError extends Error {
  override readonly name = 'CommitStateError';
}

/** The segment carries `.seal`: it is frozen for sealing and takes no more commits. */
export class SegmentSealedError extends Error {
  override readonly name = 'SegmentSealedError';

  constructor(readonly segmentDir: string) {
    super('segment is sealed; later rows go to its next generation');
  }
}

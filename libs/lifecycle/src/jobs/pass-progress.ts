/** Where a pass stands: the CLI draws it as a bar, the server logs it. */
export interface PassProgress {
  /** The pass, e.g. `seal` or `retain`. */
  pass: string;
  done: number;
  total: number;
  /** What was just finished (a segment id, an object key). */
  item?: string;
  /** What happened to it: `sealed`, `busy`, `failed: …`, `would delete`. */
  outcome?: string;
}

/** Receives progress; must not throw. */
export type ProgressListener = (progress: PassProgress) => void;

/** A listener that ignores everything. */
export const noProgress: ProgressListener = () => undefined;

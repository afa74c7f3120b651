import type { DeadLetter, DeadLetterInput } from '@prism/catalog';

/**
 * Where events go after their handler failed every attempt. The catalog's `deadLetters`
 * repository (table `dead_letters`) implements it as it is; tests use an in-memory one.
 */
export interface DeadLetterStore {
  add(input: DeadLetterInput): Promise<DeadLetter>;
  list(options?: { includeReplayed?: boolean; limit?: number }): Promise<DeadLetter[]>;
  get(id: string): Promise<DeadLetter | undefined>;
  markReplayed(id: string): Promise<boolean>;
  recordFailedReplay(id: string, error: string, attempts: number): Promise<void>;
}

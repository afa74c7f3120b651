import type { DeadLetter, DeadLetterInput } from '@prism/catalog';
import type { DeadLetterStore } from '../events/dead-letter-store';

/** A dead-letter store in memory, for tests. */
export class InMemoryDeadLetterStore implements DeadLetterStore {
  readonly letters: DeadLetter[] = [];
  private next = 1;

  constructor(private readonly clock: () => Date = () => new Date()) {}

  async add(input: DeadLetterInput): Promise<DeadLetter> {
    const letter: DeadLetter = { ...structuredClone(input), id: `dl-${this.next++}`, createdAt: this.clock() };
    this.letters.push(letter);
    return structuredClone(letter);
  }

  async list(options: { includeReplayed?: boolean; limit?: number } = {}): Promise<DeadLetter[]> {
    return this.letters.filter((letter) => options.includeReplayed === true || letter.replayedAt === undefined).slice(0, options.limit ?? 1000);
  }

  async get(id: string): Promise<DeadLetter | undefined> {
    return this.letters.find((letter) => letter.id === id);
  }

  async markReplayed(id: string): Promise<boolean> {
    const letter = this.letters.find((candidate) => candidate.id === id);
    if (letter === undefined) return false;
    letter.replayedAt = this.clock();
    return true;
  }

  async recordFailedReplay(id: string, error: string, attempts: number): Promise<void> {
    const letter = this.letters.find((candidate) => candidate.id === id);
    if (letter !== undefined) Object.assign(letter, { error, attempts: letter.attempts + attempts });
  }
}

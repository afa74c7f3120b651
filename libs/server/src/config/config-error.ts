/** One environment variable that could not be used, and why. */
export interface ConfigProblem {
  variable: string;
  /** The raw value as given; absent when the problem is a missing value. */
  value?: string;
  /** What would have been accepted. */
  expected: string;
}

/** The environment holds values Prism cannot start with; `problems` lists every one of them. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(readonly problems: readonly ConfigProblem[]) {
    super(['Invalid configuration:', ...problems.map(describeProblem)].join('\n'));
  }
}

function describeProblem(problem: ConfigProblem): string {
  const given = problem.value === undefined ? 'is not set' : `is ${JSON.stringify(problem.value)}`;
  return `  - ${problem.variable} ${given}; expected ${problem.expected}`;
}

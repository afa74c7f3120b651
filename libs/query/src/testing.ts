// Test helpers for consumers of @prism/query (e.g. the runtime's specs of signal routes), imported as `@prism/query/testing`.
export { recordPublishedCommits } from './test-support/record-published-commits';

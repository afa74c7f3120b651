export { InMemoryDeadLetterStore } from './test-support/in-memory-dead-letter-store';

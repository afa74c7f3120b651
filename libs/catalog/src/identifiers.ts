import { InvalidCatalogInputError } from './errors';

// Plain lower-case identifiers only: they are spliced into DDL, where parameters are not allowed.
const PLAIN_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Checks a configured schema or role name and double-quotes it for SQL. */
export function quoteIdentifier(name: string, field: string): string {
  if (!PLAIN_IDENTIFIER.test(name)) {
    throw new InvalidCatalogInputError(field, `"${name}" must match ${PLAIN_IDENTIFIER.source}`);
  }
  return `"${name}"`;
}

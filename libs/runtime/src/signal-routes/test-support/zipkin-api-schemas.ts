import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isIPv4, isIPv6 } from 'node:net';
import { join } from 'node:path';
import { Ajv, type AnySchema, type ValidateFunction } from 'ajv';

// js-yaml ships no type declarations here; it is a transitive dependency of the workspace tools.
const { load } = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

interface SwaggerDocument {
  definitions: Record<string, unknown>;
  paths: Record<string, { get?: { responses: Record<string, { schema?: unknown }> } }>;
}

/** The Zipkin v2 OpenAPI (Swagger 2.0) document in test-data, copied from openzipkin/zipkin-api. */
const document = load(readFileSync(join(import.meta.dirname, '..', 'test-data', 'zipkin2-api.yaml'), 'utf8')) as SwaggerDocument;

const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addFormat('int64', { type: 'number', validate: (value: number) => Number.isSafeInteger(value) });
ajv.addFormat('ipv4', (value: string) => isIPv4(value));
ajv.addFormat('ipv6', (value: string) => isIPv6(value));
ajv.addSchema({ $id: 'zipkin2-api', definitions: document.definitions });

/** Where the Zipkin server and the yaml disagree, the server wins: these endpoints return names. */
const SERVER_OVERRIDES: Record<string, unknown> = {
  '/spans': { type: 'array', items: { type: 'string' } },
  '/remoteServices': { type: 'array', items: { type: 'string' } },
};

const validators = new Map<string, ValidateFunction>();

/** The validator of the 200 response of `GET /api/v2<path>` (path as in the yaml, e.g. `/trace/{traceId}`). */
export function responseValidator(path: string): ValidateFunction {
  let validator = validators.get(path);
  if (validator === undefined) {
    const schema = SERVER_OVERRIDES[path] ?? document.paths[path]?.get?.responses['200']?.schema;
    if (schema === undefined) throw new Error(`no 200 schema for GET ${path} in zipkin2-api.yaml`);
    validator = ajv.compile(rebased(schema));
    validators.set(path, validator);
  }
  return validator;
}

/** Schema errors of `body` for `GET /api/v2<path>`, as text; empty when valid. */
export function schemaErrors(path: string, body: unknown): string[] {
  const validate = responseValidator(path);
  return validate(body) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`);
}

/** Points `#/definitions/X` references at the registered document. */
function rebased(schema: unknown): AnySchema {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/definitions/', '"zipkin2-api#/definitions/')) as AnySchema;
}

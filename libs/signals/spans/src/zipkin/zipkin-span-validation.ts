import type { ValidationIssue } from '@prism/contract';
import type { ZipkinAnnotation, ZipkinEndpoint, ZipkinSpan } from './zipkin-model';

const TRACE_ID_PATTERN = /^(?:[0-9a-f]{16}|[0-9a-f]{32})$/;
const SPAN_ID_PATTERN = /^[0-9a-f]{16}$/;
const ALL_ZEROS_PATTERN = /^0+$/;
const KINDS = new Set(['CLIENT', 'SERVER', 'PRODUCER', 'CONSUMER']);
const MAX_PORT = 65535;

type JsonObject = Record<string, unknown>;

/**
 * Path of the span at `index` in issues: `spans[3]`, the field name of protobuf's `ListOfSpans`
 * (a JSON body is a bare list), so both encodings name a bad field alike.
 */
export function zipkinSpanPath(index: number): string {
  return `spans[${index}]`;
}
type Checked<T> = { ok: true; value: T } | { ok: false; issue: ValidationIssue };

/**
 * Checks one element of a Zipkin v2 span list against the API's rules and returns it as a
 * ZipkinSpan, or the first issue with its path (e.g. `spans[3].traceId`). JSON nulls count as absent.
 */
export function validateZipkinSpan(value: unknown, path: string): Checked<ZipkinSpan> {
  if (!isObject(value)) return fail(path, 'expected a span object');
  const traceId = value['traceId'];
  if (typeof traceId !== 'string' || !TRACE_ID_PATTERN.test(traceId)) {
    return fail(`${path}.traceId`, 'expected 16 or 32 lower-case hex digits');
  }
  if (ALL_ZEROS_PATTERN.test(traceId)) return fail(`${path}.traceId`, 'must not be all zeros');
  const idIssue = checkSpanId(value['id'], `${path}.id`, true) ?? checkSpanId(value['parentId'], `${path}.parentId`, false);
  if (idIssue !== undefined) return { ok: false, issue: idIssue };
  const issue =
    checkOptional(value, 'name', path, (name) => typeof name === 'string', 'expected a string') ??
    checkOptional(value, 'kind', path, (kind) => typeof kind === 'string' && KINDS.has(kind), 'expected CLIENT, SERVER, PRODUCER or CONSUMER') ??
    checkOptional(value, 'timestamp', path, isPositiveInteger, 'expected epoch microseconds, a positive integer') ??
    checkOptional(value, 'duration', path, isPositiveInteger, 'expected microseconds, an integer of at least 1') ??
    checkOptional(value, 'debug', path, (flag) => typeof flag === 'boolean', 'expected a boolean') ??
    checkOptional(value, 'shared', path, (flag) => typeof flag === 'boolean', 'expected a boolean') ??
    checkEndpoint(value['localEndpoint'], `${path}.localEndpoint`) ??
    checkEndpoint(value['remoteEndpoint'], `${path}.remoteEndpoint`) ??
    checkAnnotations(value['annotations'], `${path}.annotations`) ??
    checkTags(value['tags'], `${path}.tags`);
  if (issue !== undefined) return { ok: false, issue };
  return { ok: true, value: value as unknown as ZipkinSpan };
}

function checkSpanId(id: unknown, path: string, required: boolean): ValidationIssue | undefined {
  if (isAbsent(id)) return required ? { path, message: 'required' } : undefined;
  if (typeof id !== 'string' || !SPAN_ID_PATTERN.test(id)) return { path, message: 'expected 16 lower-case hex digits' };
  if (ALL_ZEROS_PATTERN.test(id)) return { path, message: 'must not be all zeros' };
  return undefined;
}

function checkOptional(object: JsonObject, field: string, path: string, isValid: (value: unknown) => boolean, message: string): ValidationIssue | undefined {
  const value = object[field];
  return isAbsent(value) || isValid(value) ? undefined : { path: `${path}.${field}`, message };
}

function checkEndpoint(endpoint: unknown, path: string): ValidationIssue | undefined {
  if (isAbsent(endpoint)) return undefined;
  if (!isObject(endpoint)) return { path, message: 'expected an endpoint object' };
  const isString = (value: unknown): boolean => typeof value === 'string';
  const isPort = (port: unknown): boolean => Number.isInteger(port) && (port as number) >= 0 && (port as number) <= MAX_PORT;
  return (
    checkOptional(endpoint, 'serviceName' satisfies keyof ZipkinEndpoint, path, isString, 'expected a string') ??
    checkOptional(endpoint, 'ipv4', path, isString, 'expected a string') ??
    checkOptional(endpoint, 'ipv6', path, isString, 'expected a string') ??
    checkOptional(endpoint, 'port', path, isPort, 'expected a port number (0-65535)')
  );
}

function checkAnnotations(annotations: unknown, path: string): ValidationIssue | undefined {
  if (isAbsent(annotations)) return undefined;
  if (!Array.isArray(annotations)) return { path, message: 'expected an array' };
  for (let index = 0; index < annotations.length; index++) {
    const annotation: unknown = annotations[index];
    const at = `${path}[${index}]`;
    if (!isObject(annotation)) return { path: at, message: 'expected an annotation object' };
    if (!isPositiveInteger(annotation['timestamp' satisfies keyof ZipkinAnnotation])) {
      return { path: `${at}.timestamp`, message: 'expected epoch microseconds, a positive integer' };
    }
    if (typeof annotation['value'] !== 'string') return { path: `${at}.value`, message: 'expected a string' };
  }
  return undefined;
}

function checkTags(tags: unknown, path: string): ValidationIssue | undefined {
  if (isAbsent(tags)) return undefined;
  if (!isObject(tags)) return { path, message: 'expected an object of strings' };
  for (const key of Object.keys(tags)) {
    if (typeof tags[key] !== 'string') return { path: `${path}.${key}`, message: 'expected a string' };
  }
  return undefined;
}

function isPositiveInteger(value: unknown): boolean {
  return Number.isSafeInteger(value) && (value as number) > 0;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null;
}

function fail<T>(path: string, message: string): Checked<T> {
  return { ok: false, issue: { path, message } };
}

import { describe, expect, it } from 'vitest';
import { createLogger } from '../logging/json-logger';
import { errorResponse, httpError, notStartedError, rateLimitedError, rpcCodeOf, unavailableError } from './error-mapping';
import { HttpError } from './http-error';

const silent = createLogger({ write: () => undefined });
const bodyOf = (error: unknown) => JSON.parse(String(errorResponse(error, silent).body)) as unknown;

describe('the HTTP error mapping', () => {
  it('gives every 503 the Retry-After of its kind, and a 429 the bucket wait', () => {
    expect(unavailableError('catalog down')).toMatchObject({ status: 503, code: 'unavailable', headers: { 'retry-after': '1' } });
    expect(notStartedError('failed to start')).toMatchObject({ status: 503, code: 'not_started', headers: { 'retry-after': '5' } });
    expect(rateLimitedError('slow down', 2300)).toMatchObject({ status: 429, code: 'rate_limited', headers: { 'retry-after': '3' } });
    expect(rateLimitedError('slow down', 10)).toMatchObject({ headers: { 'retry-after': '1' } });
  });

  it('names the usual code of a status, and its google.rpc.Code', () => {
    expect(httpError(401, 'no key')).toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(httpError(415, 'bad type').code).toBe('unsupported_media_type');
    expect([rpcCodeOf(400), rpcCodeOf(401), rpcCodeOf(503), rpcCodeOf(418)]).toEqual([3, 16, 14, 2]);
  });

  it('writes details beside code and message, and hides anything that is not an HttpError', () => {
    expect(bodyOf(new HttpError(400, 'invalid_query', '/a: bad', {}, { path: '/a' }))).toEqual({
      error: { code: 'invalid_query', message: '/a: bad', path: '/a' },
    });
    expect(bodyOf(new Error('secret internals'))).toEqual({ error: { code: 'internal', message: 'Internal server error' } });
  });
});

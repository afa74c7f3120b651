import { HttpError } from '@prism/server';
import { ObjectStoreError } from '@prism/storage';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { QueryValidationError } from '../errors';
import { asHttpError } from './query-routes';

describe('asHttpError', () => {
  it('answers 503 with Retry-After when the object store fails transiently (5xx, throttling, an open circuit)', () => {
    const mapped = asHttpError(new ObjectStoreError('getRange', 'seg/x', 'circuit open', { transient: true, code: 'CircuitOpen' }));
    expect(mapped).toBeInstanceOf(HttpError);
    expect(mapped).toMatchObject({ status: 503, code: 'unavailable', message: 'the object store is unavailable; retry' });
    expect((mapped as HttpError).headers['retry-after']).toBe('1');
  });

  it('answers 503 when the catalog cannot be reached (a real refused connection, as the driver passes it on)', async () => {
    // Port 1 on loopback: nothing listens there; pg hands on this socket error as it is.
    const error = await new Promise((resolve) => connect(1, '127.0.0.1').on('error', resolve));
    expect(asHttpError(error)).toMatchObject({ status: 503, message: 'the catalog is unavailable; retry' });
  });

  it('keeps final failures as they are: a denied object store call stays a 500, a bad query a 400', () => {
    const denied = new ObjectStoreError('get', 'k', 'denied', { transient: false, status: 403 });
    expect(asHttpError(denied)).toBe(denied);
    expect(asHttpError(new QueryValidationError('/limit', 'expected an integer'))).toMatchObject({ status: 400, code: 'invalid_query' });
  });
});

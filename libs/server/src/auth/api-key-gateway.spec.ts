import { describe, expect, it } from 'vitest';
import { HttpError } from '../http/http-error';
import { createLogger } from '../logging/json-logger';
import { ApiKeyGateway, loggablePrefixOf, presentedApiKey } from './api-key-gateway';
import type { ApiKeyLookup } from './api-key-lookup';

const KEY = `prism_${'a'.repeat(43)}`;
const ACME = { tenantId: 'acme', keyId: 'k1', shardId: 1 };

function withLog() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({ level: 'debug', write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { context: { logger }, lines };
}

const lookup: ApiKeyLookup = {
  lookup: async (key) => (key === KEY ? { found: true, tenant: ACME } : { found: false, reason: key.startsWith('prism_') ? 'unknown' : 'malformed' }),
};
const headers = (key?: string): { headers: Record<string, string> } => ({ headers: key === undefined ? {} : { 'x-api-key': key } });

async function failureOf(promise: Promise<unknown>): Promise<HttpError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(HttpError);
  return error as HttpError;
}

describe('ApiKeyGateway', () => {
  it('answers the tenant context of a known key, without logging', async () => {
    const { context, lines } = withLog();
    expect(await new ApiKeyGateway(lookup).authenticate(headers(` ${KEY} `), context)).toEqual(ACME);
    expect(lines).toEqual([]);
  });

  it('answers 401 and logs one warn line with the reason and the non-secret prefix only', async () => {
    const gateway = new ApiKeyGateway(lookup);
    const cases = [
      [undefined, 'missing', 'missing x-api-key header'],
      [`prism_${'b'.repeat(43)}`, 'unknown', 'unknown or revoked API key'],
      ['Bearer some-other-secret-token', 'malformed', 'unknown or revoked API key'],
    ] as const;
    for (const [key, reason, message] of cases) {
      const { context, lines } = withLog();
      const error = await failureOf(gateway.authenticate(headers(key), context));
      expect(error).toMatchObject({ status: 401, code: 'unauthenticated', message });
      expect(lines).toEqual([expect.objectContaining({ level: 'warn', msg: 'authentication failed', reason })]);
      if (key !== undefined) {
        expect(lines[0].keyPrefix).toBe(loggablePrefixOf(key));
        expect(JSON.stringify(lines)).not.toContain(key);
      }
    }
  });

  it('takes the key from Authorization: Bearer when x-api-key is absent, and x-api-key first when both are sent', async () => {
    const { context } = withLog();
    const gateway = new ApiKeyGateway(lookup);
    expect(await gateway.authenticate({ headers: { authorization: `Bearer ${KEY}` } }, context)).toEqual(ACME);
    expect(await gateway.authenticate({ headers: { authorization: `bearer   ${KEY} ` } }, context)).toEqual(ACME);
    const wrongFirst = await failureOf(gateway.authenticate({ headers: { 'x-api-key': `prism_${'b'.repeat(43)}`, authorization: `Bearer ${KEY}` } }, context));
    expect(wrongFirst).toMatchObject({ status: 401, message: 'unknown or revoked API key' });
    expect(presentedApiKey({ authorization: `Basic ${KEY}` })).toBe('');
    expect(presentedApiKey({ authorization: 'Bearer' })).toBe('');
    expect(presentedApiKey({ 'x-api-key': '  ', authorization: `Bearer ${KEY}` })).toBe(KEY);
    const basic = await failureOf(gateway.authenticate({ headers: { authorization: `Basic ${KEY}` } }, context));
    expect(basic).toMatchObject({ status: 401, message: 'missing x-api-key header' });
  });

  it('logs at most the display prefix of a real key, and a quarter of anything shorter', () => {
    expect(loggablePrefixOf(KEY)).toBe('prism_aaaaaa');
    expect(loggablePrefixOf('short-secret')).toBe('sho');
  });

  it('answers 503 with Retry-After 1, not 401, when the lookup cannot reach the catalog', async () => {
    const { context, lines } = withLog();
    const down: ApiKeyLookup = { lookup: () => Promise.reject(new Error('connection refused')) };
    const error = await failureOf(new ApiKeyGateway(down).authenticate(headers(KEY), context));
    expect(error).toMatchObject({ status: 503, code: 'unavailable', headers: { 'retry-after': '1' } });
    expect(lines).toEqual([expect.objectContaining({ level: 'error', msg: 'API key lookup failed' })]);
  });
});

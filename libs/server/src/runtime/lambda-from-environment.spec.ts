import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config-error';
import { jsonResponse } from '../http/http-types';
import type { ApiGatewayV2Event } from '../lambda/api-gateway-v2';
import { lambdaHandlerFromEnvironment } from './lambda-from-environment';

function event(body: string): ApiGatewayV2Event {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/size',
    rawQueryString: '',
    requestContext: { requestId: 'r1', stage: '$default', http: { method: 'POST', path: '/size' } },
    body,
    isBase64Encoded: false,
  };
}

describe('lambdaHandlerFromEnvironment', () => {
  it('applies the configured body limit and passes the config to the routes', async () => {
    const handler = lambdaHandlerFromEnvironment({ PRISM_MAX_BODY_BYTES: '4', PRISM_LOG_LEVEL: 'error' }, (config) => [
      { method: 'POST', path: '/size', handler: () => jsonResponse(200, { limit: config.maxBodyBytes }) },
    ]);
    expect(JSON.parse((await handler(event('1234'))).body)).toEqual({ limit: 4 });
    expect((await handler(event('12345'))).statusCode).toBe(413);
  });

  it('throws the ConfigError at init on a bad value', () => {
    expect(() => lambdaHandlerFromEnvironment({ PRISM_LOG_LEVEL: 'nope' }, () => [])).toThrow(ConfigError);
  });
});

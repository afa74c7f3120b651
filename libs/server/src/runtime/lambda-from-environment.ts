import type { PrismConfig } from '../config/config-variables';
import { loadConfig } from '../config/load-config';
import type { Environment } from '../config/load-config';
import type { Route } from '../http/http-types';
import { createLambdaHandler } from '../lambda/lambda-handler';
import type { LambdaHandler } from '../lambda/lambda-handler';
import { createLogger } from '../logging/json-logger';
import type { Logger } from '../logging/json-logger';

/**
 * Everything an app's `handler.ts` does: configuration, logger and the Lambda handler. A bad
 * configuration throws its ConfigError here, at init, so Lambda reports the message and never
 * serves with a half-valid setup.
 *
 * @example
 * export const handler = lambdaHandlerFromEnvironment(process.env, () => healthRoutes());
 */
export function lambdaHandlerFromEnvironment(env: Environment, routes: (config: PrismConfig, logger: Logger) => readonly Route[]): LambdaHandler {
  const loaded = loadConfig(env);
  if (!loaded.ok) throw loaded.error;
  const logger = createLogger({ level: loaded.config.logLevel });
  for (const warning of loaded.warnings) logger.warn(warning);
  return createLambdaHandler(routes(loaded.config, logger), { logger, maxBodyBytes: loaded.config.maxBodyBytes });
}

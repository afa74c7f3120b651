// The query endpoints as an AWS Lambda behind an API Gateway HTTP API (payload format 2.0).
import { queryService, serviceRoutes } from '@prism/runtime';
import { lambdaHandlerFromEnvironment } from '@prism/server';

export const handler = lambdaHandlerFromEnvironment(process.env, (config, logger) => serviceRoutes(config, logger, [queryService()]).routes);

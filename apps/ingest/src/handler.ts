// The ingest endpoints as an AWS Lambda behind an API Gateway HTTP API (payload format 2.0).
import { ingestAndHealthRoutes } from '@prism/ingest';
import { lambdaHandlerFromEnvironment } from '@prism/server';

export const handler = lambdaHandlerFromEnvironment(process.env, (config, logger) => ingestAndHealthRoutes(config, logger).routes);

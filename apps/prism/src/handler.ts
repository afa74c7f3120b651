// The all-in-one routes as one AWS Lambda behind an API Gateway HTTP API (payload format 2.0).
import { healthRoutes, lambdaHandlerFromEnvironment } from '@prism/server';

export const handler = lambdaHandlerFromEnvironment(process.env, () => healthRoutes());

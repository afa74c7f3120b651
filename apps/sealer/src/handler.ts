// The sealer as an AWS Lambda for EventBridge scheduled events (e.g. rate(1 minute)): one sealer pass
// per invocation on resources opened once per cold start; progress and counts in the JSON log.
import { scheduledPassFromEnvironment } from '@prism/runtime';

export const handler = scheduledPassFromEnvironment(process.env, 'seal');

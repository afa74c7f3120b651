// The parquetizer as an AWS Lambda for EventBridge scheduled events (e.g. rate(5 minutes)): one pass
// per invocation compacts sealed segments past the lateness window to Parquet; counts in the JSON log.
import { scheduledPassFromEnvironment } from '@prism/runtime';

export const handler = scheduledPassFromEnvironment(process.env, 'compact');

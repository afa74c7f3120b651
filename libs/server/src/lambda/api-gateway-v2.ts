/**
 * The parts of an API Gateway HTTP API (payload format 2.0) event and result that Prism reads.
 * Declared here rather than taken from @types/aws-lambda to keep the dependency list short.
 */
export interface ApiGatewayV2Event {
  version: '2.0';
  routeKey: string;
  rawPath: string;
  rawQueryString: string;
  cookies?: string[];
  /** Lower-cased names; repeated headers already joined with commas. */
  headers?: Record<string, string | undefined>;
  requestContext: {
    requestId: string;
    stage: string;
    http: { method: string; path: string; sourceIp?: string; userAgent?: string };
  };
  body?: string;
  isBase64Encoded: boolean;
}

export interface ApiGatewayV2Result {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: boolean;
}

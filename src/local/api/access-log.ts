import { GatewayRequest, GatewayResponse, requestTime } from './payload-v2';

/**
 * The stage's access log, locally: the template's `AccessLogSettings.Format` with its
 * `$context.*` variables filled from the request, one line per request, as the deployed stage
 * writes to CloudWatch Logs. A stage without a format gets {@link DEFAULT_FORMAT}.
 */

/** The values of one request, by `$context` variable name (without `$context.`). */
export type AccessLogValues = Readonly<Record<string, string | number | undefined>>;

/** What happened while answering a request: the response and what the access log says of it. */
export interface Outcome {
  response: GatewayResponse;
  routeKey?: string;
  authorizerError?: string;
  principalId?: string;
  subject?: string;
  lambdaContext?: Record<string, unknown>;
  integrationError?: string;
  integrationStatus?: number;
  integrationLatency?: number;
  error?: string;
}

export const DEFAULT_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  routeKey: '$context.routeKey',
  status: '$context.status',
  authorizerError: '$context.authorizer.error',
  integrationError: '$context.integrationErrorMessage',
});

/** Fills `format`; a variable without a value is `-`, as in API Gateway's logs. */
export function formatAccessLog(format: string, values: AccessLogValues): string {
  const jsonFormat = format.trim().startsWith('{');
  return format.replace(/\$context\.([A-Za-z0-9_.:-]*[A-Za-z0-9_])/g, (_, name: string) => {
    const value = values[name];
    const text = value === undefined || value === '' ? '-' : String(value);
    // Keep a JSON format's line parseable whatever a value contains.
    return jsonFormat ? JSON.stringify(text).slice(1, -1) : text;
  });
}

/** The `$context` variables of one answered request ("Customizing HTTP API access logs"). */
export function accessLogValues(request: GatewayRequest, outcome: Outcome, protocol: string, answeredAt: number): AccessLogValues {
  return {
    'requestId': request.requestId,
    'extendedRequestId': request.requestId,
    'requestTime': requestTime(request),
    'requestTimeEpoch': request.timeEpoch,
    'routeKey': outcome.routeKey,
    'httpMethod': request.method,
    'path': request.rawPath,
    'protocol': protocol,
    'status': outcome.response.statusCode,
    'responseLength': outcome.response.body.length,
    'responseLatency': answeredAt - request.timeEpoch,
    'integrationLatency': outcome.integrationLatency,
    'integration.latency': outcome.integrationLatency,
    'integration.status': outcome.integrationStatus,
    'integrationStatus': outcome.integrationStatus,
    'integrationErrorMessage': outcome.integrationError,
    'integration.error': outcome.integrationError,
    'identity.sourceIp': request.sourceIp,
    'identity.userAgent': request.headers['user-agent'],
    'authorizer.principalId': outcome.principalId,
    'authorizer.claims.sub': outcome.subject,
    'authorizer.error': outcome.authorizerError,
    'error.message': outcome.error,
    'apiId': request.apiId,
    'stage': request.stage,
    'domainName': request.domainName,
    ...Object.fromEntries(Object.entries(outcome.lambdaContext ?? {}).map(([key, value]) => [`authorizer.${key}`, String(value)])),
  };
}

import { evaluatePolicies } from './iam-policy';
import { authorizerEvent, GatewayRequest } from './payload-v2';
import { LocalFunction } from '../lambda/runner';

/**
 * API Gateway's Lambda (REQUEST) authorizer for HTTP APIs ("Working with AWS Lambda authorizers for
 * HTTP APIs"): identity sources first (any missing → 401 without invoking the function), then the
 * function with a payload 2.0 event, then its simple (`isAuthorized`) or IAM policy response.
 * Results are cached per identity-source values for `AuthorizerResultTtlInSeconds`.
 */

export interface LambdaAuthorizerConfig {
  readonly name: string;
  /** e.g. `$request.header.Authorization`, `$context.routeKey`, `$request.querystring.token` */
  readonly identitySources: readonly string[];
  readonly enableSimpleResponses: boolean;
  readonly resultTtlSeconds: number;
  readonly payloadFormatVersion: string;
}

export type LambdaDecision =
  | { readonly allowed: true; readonly context: Record<string, unknown>; readonly principalId?: string }
  | { readonly allowed: false; readonly status: 401 | 403 | 500; readonly error: string };

function identityValue(source: string, request: GatewayRequest, routeKey: string, pathParameters?: Record<string, string>): string | undefined {
  const [, kind, name] = /^\$(request\.header|request\.querystring|context|stageVariables)\.(.+)$/.exec(source) ?? [];
  switch (kind) {
    case 'request.header': {
      const value = request.headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(',') : value;
    }
    case 'request.querystring':
      return new URLSearchParams(request.rawQueryString).getAll(name).join(',') || undefined;
    case 'context':
      if (name === 'routeKey') return routeKey;
      if (name === 'httpMethod' || name === 'http.method') return request.method;
      if (name === 'path') return request.rawPath;
      if (name.startsWith('pathParameters.')) return pathParameters?.[name.slice('pathParameters.'.length)];
      return undefined;
    default:
      return undefined;
  }
}

export class LambdaAuthorizer {
  private readonly cache = new Map<string, { decision: LambdaDecision; expires: number }>();

  constructor(readonly config: LambdaAuthorizerConfig, private readonly fn: LocalFunction) {}

  async authorize(
    request: GatewayRequest,
    routeKey: string,
    pathParameters: Record<string, string> | undefined,
    routeArn: string,
  ): Promise<LambdaDecision> {
    const values = this.config.identitySources.map((source) => identityValue(source, request, routeKey, pathParameters));
    if (values.some((value) => value === undefined || value === '')) {
      const missing = this.config.identitySources.filter((_, i) => !values[i]);
      return { allowed: false, status: 401, error: `identity source missing: ${missing.join(', ')}` };
    }
    const cacheKey = JSON.stringify(values);
    const cached = this.cache.get(cacheKey);
    if (cached && cached.expires > Date.now()) return cached.decision;

    const event = authorizerEvent(request, routeKey, pathParameters, values as string[], routeArn);
    const { result, error } = await this.fn.invoke(event, request.requestId);
    let decision: LambdaDecision;
    if (error) {
      decision = { allowed: false, status: 500, error: `The authorizer function failed: ${error.errorType}: ${error.errorMessage}` };
    } else if (this.config.enableSimpleResponses) {
      const answer = result as { isAuthorized?: unknown; context?: Record<string, unknown> } | null;
      if (typeof answer?.isAuthorized !== 'boolean') {
        decision = { allowed: false, status: 500, error: 'The authorizer response is not a simple response ({"isAuthorized": true|false})' };
      } else {
        decision = answer.isAuthorized
          ? { allowed: true, context: answer.context ?? {} }
          : { allowed: false, status: 403, error: 'The authorizer denied the request (isAuthorized: false)' };
      }
    } else {
      const answer = result as { principalId?: string; policyDocument?: unknown; context?: Record<string, unknown> } | null;
      if (!answer?.policyDocument) {
        decision = { allowed: false, status: 500, error: 'The authorizer response has no policyDocument' };
      } else {
        decision = evaluatePolicies([answer.policyDocument], 'execute-api:Invoke', routeArn).decision === 'allow'
          ? { allowed: true, context: answer.context ?? {}, principalId: answer.principalId }
          : { allowed: false, status: 403, error: 'The authorizer\'s policy does not allow execute-api:Invoke on this route' };
      }
    }
    if (this.config.resultTtlSeconds > 0 && (decision.allowed || decision.status !== 500)) {
      this.cache.set(cacheKey, { decision, expires: Date.now() + this.config.resultTtlSeconds * 1000 });
    }
    return decision;
  }
}

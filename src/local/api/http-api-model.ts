import { createHash } from 'crypto';
import { AssemblyStack, resourcesOfType } from '../assembly';
import { CorsConfiguration } from './cors';
import { IntrinsicContext, ResolvedResource, resolve, tryResolve } from '../intrinsics';
import { IamAuthorizer } from './iam-authorizer';
import { JwksCache } from './jwks';
import { JwtAuthorizer } from './jwt-authorizer';
import { LambdaAuthorizer } from './lambda-authorizer';
import { LocalFunction } from '../lambda/runner';

/**
 * An `AWS::ApiGatewayV2::Api` (HTTP) of the template with its routes, integrations, authorizers,
 * stage and CORS settings, each wired to what runs it locally — or to the reason it cannot run.
 */

export type RouteAuthorizer =
  | { readonly kind: 'none' }
  | { readonly kind: 'jwt'; readonly name: string; readonly authorizer: JwtAuthorizer; readonly scopes: readonly string[] }
  | { readonly kind: 'lambda'; readonly name: string; readonly authorizer: LambdaAuthorizer }
  | { readonly kind: 'iam'; readonly authorizer: IamAuthorizer }
  | { readonly kind: 'unsupported'; readonly reason: string };

export type RouteIntegration =
  | { readonly kind: 'lambda'; readonly fn: LocalFunction; readonly timeoutMs: number }
  | { readonly kind: 'unsupported'; readonly reason: string };

/**
 * HTTP APIs: an integration's `TimeoutInMillis` is 50 to 30,000 ms, 30,000 by default ("Quotas for
 * configuring and running an HTTP API": "Maximum integration timeout 30 seconds").
 */
export const MAX_INTEGRATION_TIMEOUT_MS = 30_000;

export function integrationTimeout(value: unknown): number {
  const ms = Number(value);
  if (value === undefined || !Number.isFinite(ms) || ms <= 0) return MAX_INTEGRATION_TIMEOUT_MS;
  return Math.min(ms, MAX_INTEGRATION_TIMEOUT_MS);
}

export interface LocalRoute {
  readonly logicalId: string;
  readonly routeKey: string;
  readonly authorizer: RouteAuthorizer;
  readonly integration: RouteIntegration;
}

export interface LocalHttpApi {
  readonly logicalId: string;
  readonly name: string;
  readonly apiId: string;
  readonly stageName: string;
  readonly accessLogFormat?: string;
  readonly cors?: CorsConfiguration;
  readonly routes: readonly LocalRoute[];
  readonly region: string;
  readonly accountId: string;
}

/** `arn:aws:execute-api:<region>:<account>:<api id>/<stage>/<METHOD>/<path>`: what IAM policies name (`path` starts with `/`). */
export function executeApiArn(api: LocalHttpApi, method: string, path: string): string {
  return `arn:aws:execute-api:${api.region}:${api.accountId}:${api.apiId}/${api.stageName}/${method}${path}`;
}

/** A stable, API-id-looking id (10 lowercase characters and digits) for a logical id. */
export function localId(seed: string): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, 10);
}

/** Ids of the API Gateway resources, so that `Ref`s between them resolve. */
export function registerApiResources(stack: AssemblyStack, resources: Map<string, ResolvedResource>): void {
  for (const type of ['Api', 'Route', 'Integration', 'Authorizer', 'Stage']) {
    for (const [logicalId, resource] of resourcesOfType(stack.template, `AWS::ApiGatewayV2::${type}`)) {
      const ref = type === 'Stage' ? String(resource.Properties?.StageName ?? '$default') : localId(`${stack.id}/${logicalId}`);
      resources.set(logicalId, { ref, attributes: type === 'Api' ? { ApiId: ref, ApiEndpoint: `https://${ref}.execute-api.local` } : {} });
    }
  }
}

function byRef(stack: AssemblyStack, type: string, context: IntrinsicContext, ref: string) {
  return resourcesOfType(stack.template, `AWS::ApiGatewayV2::${type}`).find(([logicalId]) => context.resources.get(logicalId)?.ref === ref);
}

/** `arn:…:apigateway:<region>:lambda:path/2015-03-31/functions/<function ARN>/invocations` → the function ARN. */
function functionArnOf(uri: string): string {
  const match = /:lambda:path\/[^/]+\/functions\/(.+)\/invocations$/.exec(uri);
  return match ? match[1] : uri;
}

export function readHttpApis(
  stack: AssemblyStack,
  context: IntrinsicContext,
  functions: ReadonlyMap<string, LocalFunction | string>,
  jwks: JwksCache,
  /** The issuer a JWT authorizer accepts for the template's `JwtConfiguration.Issuer` (the runner's local issuer of a pool). */
  issuerOf: (issuer: string) => string = (issuer) => issuer,
  /** What checks the `AWS_IAM` routes (the stack's principals). */
  iam: IamAuthorizer = new IamAuthorizer([]),
): LocalHttpApi[] {
  const functionFor = (arn: string): LocalFunction | string =>
    functions.get(arn) ?? `function ${arn} is not defined in this stack, so the runner cannot run it`;
  const authorizers = new Map<string, RouteAuthorizer>();
  const authorizerFor = (authorizerRef: string): RouteAuthorizer => {
    const cached = authorizers.get(authorizerRef);
    if (cached) return cached;
    const found = byRef(stack, 'Authorizer', context, authorizerRef);
    let result: RouteAuthorizer;
    if (!found) {
      result = { kind: 'unsupported', reason: `authorizer ${authorizerRef} is not in the template` };
    } else {
      const [logicalId, resource] = found;
      const properties = resource.Properties ?? {};
      const name = String(properties.Name ?? logicalId);
      if (properties.AuthorizerType === 'JWT') {
        const { value, error } = tryResolve(properties.JwtConfiguration, context);
        result = error ? { kind: 'unsupported', reason: `JWT authorizer ${name}: ${error}` } : {
          kind: 'jwt',
          name,
          scopes: [],
          authorizer: new JwtAuthorizer({
            issuer: issuerOf(value.Issuer),
            audience: value.Audience ?? [],
            identitySource: [properties.IdentitySource ?? '$request.header.Authorization'].flat()[0],
          }, jwks),
        };
      } else if (properties.AuthorizerType === 'REQUEST') {
        const uri = tryResolve(properties.AuthorizerUri, context);
        const fn = uri.error ? uri.error : functionFor(functionArnOf(uri.value));
        result = typeof fn === 'string' ? { kind: 'unsupported', reason: `Lambda authorizer ${name}: ${fn}` } : {
          kind: 'lambda',
          name,
          authorizer: new LambdaAuthorizer({
            name,
            identitySources: [properties.IdentitySource ?? []].flat(),
            enableSimpleResponses: properties.EnableSimpleResponses === true,
            resultTtlSeconds: Number(properties.AuthorizerResultTtlInSeconds ?? 0),
            payloadFormatVersion: String(properties.AuthorizerPayloadFormatVersion ?? '2.0'),
          }, fn),
        };
      } else {
        result = { kind: 'unsupported', reason: `authorizer type ${properties.AuthorizerType} is not emulated` };
      }
    }
    authorizers.set(authorizerRef, result);
    return result;
  };

  return resourcesOfType(stack.template, 'AWS::ApiGatewayV2::Api')
    .filter(([, api]) => (api.Properties?.ProtocolType ?? 'HTTP') === 'HTTP')
    .map(([apiLogicalId, api]) => {
      const apiId = context.resources.get(apiLogicalId)!.ref;
      const belongs = (properties: Record<string, any> | undefined) => tryResolve(properties?.ApiId, context).value === apiId;
      const stage = resourcesOfType(stack.template, 'AWS::ApiGatewayV2::Stage').find(([, s]) => belongs(s.Properties));
      const routes = resourcesOfType(stack.template, 'AWS::ApiGatewayV2::Route')
        .filter(([, route]) => belongs(route.Properties))
        .map(([logicalId, route]): LocalRoute => {
          const properties = route.Properties ?? {};
          const routeKey = String(properties.RouteKey);
          let authorizer: RouteAuthorizer = { kind: 'none' };
          const type = properties.AuthorizationType ?? 'NONE';
          if (type === 'JWT' || type === 'CUSTOM') {
            const base = authorizerFor(resolve(properties.AuthorizerId, context));
            authorizer = base.kind === 'jwt' ? { ...base, scopes: properties.AuthorizationScopes ?? [] } : base;
          } else if (type === 'AWS_IAM') {
            authorizer = { kind: 'iam', authorizer: iam };
          } else if (type !== 'NONE') {
            authorizer = { kind: 'unsupported', reason: `${type} authorization is not emulated` };
          }

          let integration: RouteIntegration = { kind: 'unsupported', reason: `route ${routeKey} has no integration` };
          const target = tryResolve(properties.Target, context).value;
          const integrationId = typeof target === 'string' ? target.replace(/^integrations\//, '') : undefined;
          const found = integrationId ? byRef(stack, 'Integration', context, integrationId) : undefined;
          if (found) {
            const p = found[1].Properties ?? {};
            const uri = tryResolve(p.IntegrationUri, context);
            if (p.IntegrationType !== 'AWS_PROXY' || (typeof uri.value === 'string' && !uri.value.includes(':lambda:'))) {
              integration = { kind: 'unsupported', reason: `${p.IntegrationType} integrations${p.IntegrationSubtype ? ` (${p.IntegrationSubtype})` : ''} are not run locally; only Lambda proxy integrations are` };
            } else if (String(p.PayloadFormatVersion ?? '2.0') !== '2.0') {
              integration = { kind: 'unsupported', reason: `payload format ${p.PayloadFormatVersion} is not emulated; only 2.0 is` };
            } else if (uri.error) {
              integration = { kind: 'unsupported', reason: uri.error };
            } else {
              const fn = functionFor(functionArnOf(uri.value));
              integration = typeof fn === 'string' ? { kind: 'unsupported', reason: fn }
                : { kind: 'lambda', fn, timeoutMs: integrationTimeout(tryResolve(p.TimeoutInMillis, context).value) };
            }
          }
          return { logicalId, routeKey, authorizer, integration };
        });
      const stageName = String(stage?.[1].Properties?.StageName ?? '$default');
      return {
        logicalId: apiLogicalId,
        name: String(api.Properties?.Name ?? apiLogicalId),
        apiId,
        stageName,
        accessLogFormat: stage?.[1].Properties?.AccessLogSettings?.Format,
        cors: api.Properties?.CorsConfiguration,
        routes,
        region: context.region,
        accountId: context.account,
      };
    });
}

import { Duration, Lazy, Stack } from 'aws-cdk-lib';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { RouteRecord } from './authorization-checks';
import { bundledFunctionProps } from './bundled-function';
import { LambdaTokenAuthorizerOptions, TokenUse } from './token-authorizer';
import { AuthorizerConfig, IssuerConfig, RouteRequirements } from '../shared/authorizer-config';

/** What the Lambda authorizer needs to know, read when the template is written (clients and routes may still be added). */
export interface LambdaAuthorizerSources {
  readonly userPool?: cognito.IUserPool;
  readonly userPoolClients: () => cognito.IUserPoolClient[];
  readonly routes: () => RouteRecord[];
}

/**
 * The pre-bundled JWT Lambda authorizer (src/handlers/jwt-authorizer.lambda.ts) and the `HttpLambdaAuthorizer`
 * that calls it: simple responses, decisions cached per token and route (`$context.routeKey` is an
 * identity source, since a decision depends on the route's requirements), invoke permission scoped
 * to the authorizer. Its `AUTHORIZER_CONFIG` is written lazily from the pool, clients and routes.
 */
export function createLambdaAuthorizer(
  scope: Construct,
  options: LambdaTokenAuthorizerOptions,
  sources: LambdaAuthorizerSources,
): { authorizer: HttpLambdaAuthorizer; handler: lambda.Function } {
  const config = (): AuthorizerConfig => {
    const issuers: IssuerConfig[] = [];
    if (sources.userPool && (options.trustUserPool ?? true)) {
      issuers.push({
        issuer: `https://cognito-idp.${sources.userPool.env.region}.amazonaws.com/${sources.userPool.userPoolId}`,
        audience: sources.userPoolClients().map((client) => client.userPoolClientId),
        tokenUse: tokenUse(options.userPoolTokenUse),
        cognito: true,
      });
    }
    for (const issuer of options.issuers ?? []) {
      issuers.push({
        issuer: issuer.issuer,
        audience: issuer.audience ?? null,
        jwksUri: issuer.jwksUri,
        tokenUse: tokenUse(issuer.tokenUse),
        cognito: issuer.cognito ?? false,
      });
    }
    const routes: Record<string, RouteRequirements> = {};
    for (const { method, path, authorization } of sources.routes()) {
      if (authorization.isPublic) {
        continue;
      }
      const claims = Object.fromEntries(authorization.claims.map((claim) => [claim.name, claim.values]));
      routes[`${method} ${path}`] = {
        ...(authorization.scopes.length ? { scopes: authorization.scopes } : {}),
        ...(authorization.groups.length ? { groups: authorization.groups } : {}),
        ...(authorization.claims.length ? { claims } : {}),
      };
    }
    return { issuers, routes, jwksTimeoutMs: (options.jwksTimeout ?? Duration.seconds(3)).toMilliseconds() };
  };

  const handler = new lambda.Function(scope, 'AuthorizerFunction', {
    ...bundledFunctionProps(scope, 'AuthorizerFunction', 'jwt-authorizer.lambda', 'cdk-cognito-protected-http-api JWT Lambda authorizer (aws-jwt-verify)'),
    memorySize: 256,
    // Two JWKS attempts at most, each bounded by jwksTimeout.
    timeout: Duration.seconds(10),
    environment: {
      AUTHORIZER_CONFIG: Lazy.string({ produce: () => Stack.of(scope).toJsonString(config()) }),
    },
  });
  const authorizer = new HttpLambdaAuthorizer('LambdaAuthorizer', handler, {
    responseTypes: [HttpLambdaResponseType.SIMPLE],
    identitySource: ['$request.header.Authorization', '$context.routeKey'],
    resultsCacheTtl: options.resultsCacheTtl ?? Duration.minutes(5),
  });
  return { authorizer, handler };
}

function tokenUse(use: TokenUse | undefined): IssuerConfig['tokenUse'] {
  return use === undefined || use === TokenUse.ANY ? null : use;
}

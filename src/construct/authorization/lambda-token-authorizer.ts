import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Aspects, Duration, IAspect, Lazy, Stack, Token } from 'aws-cdk-lib';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import { Construct, IConstruct } from 'constructs';
import { RouteRecord } from './authorization-checks';
import { LambdaTokenAuthorizerOptions, TokenUse } from './token-authorizer';
import { AuthorizerEnvironment, DEFAULT_JWKS_TIMEOUT_MS, IssuerConfig, ROUTES_FILE, RouteRequirements } from '../../shared/authorizer-config';
import { bundledAssetPath, bundledFunctionProps } from '../functions/bundled-function';
import { ManagedResourceOptions } from '../managed-resources/managed-resource-options';
import { environmentBytes, LAMBDA_ENVIRONMENT_BYTES } from '../validation/quotas';

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
 * to the authorizer. Its `AUTHORIZER_CONFIG` (issuers) is written lazily from the pool and clients,
 * its routes' requirements into `routes.json` in its code asset at synthesis.
 */
export function createLambdaAuthorizer(
  scope: Construct,
  options: LambdaTokenAuthorizerOptions,
  managed: ManagedResourceOptions,
  sources: LambdaAuthorizerSources,
): { authorizer: HttpLambdaAuthorizer; handler: lambda.Function } {
  const environment = (): AuthorizerEnvironment => {
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
    return { issuers, jwksTimeoutMs: options.jwksTimeout?.toMilliseconds() ?? DEFAULT_JWKS_TIMEOUT_MS };
  };
  const routes = (): Record<string, RouteRequirements> => {
    const requirements: Record<string, RouteRequirements> = {};
    for (const { method, path: routePath, authorization } of sources.routes()) {
      if (authorization.isPublic || authorization.isIam) {
        continue;
      }
      const claims = Object.fromEntries(authorization.claims.map((claim) => [claim.name, claim.values]));
      requirements[`${method} ${routePath}`] = {
        ...(authorization.scopes.length ? { scopes: authorization.scopes } : {}),
        ...(authorization.groups.length ? { groups: authorization.groups } : {}),
        ...(authorization.claims.length ? { claims } : {}),
      };
    }
    return requirements;
  };

  const routesCode = routesAssetCode();
  const handler = new lambda.Function(scope, 'AuthorizerFunction', {
    ...bundledFunctionProps(scope, 'AuthorizerFunction', 'jwt-authorizer.lambda', 'cdk-cognito-protected-http-api JWT Lambda authorizer (aws-jwt-verify)', managed),
    code: routesCode.code,
    memorySize: 256,
    // Two JWKS attempts at most, each bounded by jwksTimeout.
    timeout: Duration.seconds(10),
    environment: {
      AUTHORIZER_CONFIG: Lazy.string({ produce: () => Stack.of(scope).toJsonString(environment()) }),
    },
  });
  Aspects.of(handler).add(new WriteRoutesAsset(routesCode, routes));
  // The environment holds only the issuers: it grows with trusted issuers and app clients, not routes.
  // Ids are unresolved here; their placeholders are about as long as Cognito's ids.
  handler.node.addValidation({
    validate: () => {
      const bytes = environmentBytes({ AUTHORIZER_CONFIG: JSON.stringify(environment()) });
      return bytes <= LAMBDA_ENVIRONMENT_BYTES ? [] : [
        `CognitoProtectedHttpApi: tokenAuthorizer: the Lambda authorizer's configuration (${environment().issuers.length} issuers, about ${bytes} bytes) passes Lambda's limit of ${LAMBDA_ENVIRONMENT_BYTES} bytes of environment variables; trust fewer issuers or app clients (each client adds its id to the audience), or split the API.`,
      ];
    },
  });
  const authorizer = new HttpLambdaAuthorizer('LambdaAuthorizer', handler, {
    responseTypes: [HttpLambdaResponseType.SIMPLE],
    identitySource: ['$request.header.Authorization', '$context.routeKey'],
    resultsCacheTtl: options.resultsCacheTtl ?? Duration.minutes(5),
  });
  return { authorizer, handler };
}

/**
 * The authorizer's code: the pre-bundled handler plus its routes file, as one asset. The routes are
 * known only when the stack is synthesized (routes may be added after the construct), so the asset
 * is made then, by {@link WriteRoutesAsset}; its S3 location is read lazily.
 */
interface RoutesAssetCode {
  readonly code: lambda.Code;
  asset?: s3assets.Asset;
}

function routesAssetCode(): RoutesAssetCode {
  const holder: { asset?: s3assets.Asset } = {};
  const made = (): s3assets.Asset => {
    if (!holder.asset) {
      throw new Error('CognitoProtectedHttpApi: the Lambda authorizer\'s code asset was not made: synthesize the app (app.synth()) rather than resolving the template by hand.');
    }
    return holder.asset;
  };
  // Defined here, not at module level: aws-cdk-lib's aws-lambda index loads each module when it is first
  // read, and a module-level subclass would read lambda.Code, so importing the library would load
  // aws-lambda's code.js although only stacks with a Lambda authorizer need it.
  class LazyS3Code extends lambda.Code {
    public bind(_scope: Construct): lambda.CodeConfig {
      return {
        s3Location: {
          bucketName: Lazy.string({ produce: () => made().s3BucketName }),
          objectKey: Lazy.string({ produce: () => made().s3ObjectKey }),
        },
      };
    }
  }
  return Object.assign(holder, { code: new LazyS3Code() });
}

/** At synthesis: copies the handler bundle and writes the routes file beside it, once. */
class WriteRoutesAsset implements IAspect {
  constructor(private readonly code: RoutesAssetCode, private readonly routes: () => Record<string, RouteRequirements>) {}

  public visit(node: IConstruct): void {
    if (this.code.asset || !(node instanceof lambda.Function)) {
      return;
    }
    const routesJson = JSON.stringify(this.routes());
    if (Token.isUnresolved(routesJson)) {
      throw new Error(`CognitoProtectedHttpApi: ${node.node.path}: with TokenAuthorizer.lambdaAuthorizer(), the routes' scopes, groups and claims must be plain strings (they are written into the authorizer's code asset), not tokens.`);
    }
    const bundle = fs.readFileSync(path.join(bundledAssetPath('jwt-authorizer.lambda'), 'index.js'));
    const hash = crypto.createHash('sha256').update(bundle).update(routesJson).digest('hex');
    const dir = path.join(os.tmpdir(), 'cdk-cognito-protected-http-api', `jwt-authorizer-${hash.slice(0, 20)}`);
    if (!fs.existsSync(path.join(dir, ROUTES_FILE))) {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'index.js'), bundle);
      fs.writeFileSync(path.join(dir, ROUTES_FILE), routesJson);
    }
    this.code.asset = new s3assets.Asset(node, 'CodeAsset', { path: dir });
    this.code.asset.addResourceMetadata(node.node.defaultChild as lambda.CfnFunction, 'Code');
  }
}

function tokenUse(use: TokenUse | undefined): IssuerConfig['tokenUse'] {
  return use === undefined || use === TokenUse.ANY ? null : use;
}

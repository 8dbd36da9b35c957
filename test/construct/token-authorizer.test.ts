import * as fs from 'fs';
import * as path from 'path';
import { AssetStaging, Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { CognitoProtectedHttpApi, RouteAuthorization, TokenAuthorizer, TokenUse } from '../../src';
import { parseAuthorizerConfig } from '../../src/handlers/jwt-authorizer/config';
import { inlineFunction, synth } from '../helpers';

const OIDC = TokenAuthorizer.oidcIssuer({ issuer: 'https://example.eu.auth0.com/', audience: ['https://api.example.com'] });

describe('TokenAuthorizer.oidcIssuer()', () => {
  const { template, api } = synth((s) => ({
    tokenAuthorizer: OIDC,
    routes: [
      { path: '/items', handler: inlineFunction(s, 'Items'), authorization: RouteAuthorization.signedIn({ scopes: ['read:items'] }) },
      { path: '/health', handler: inlineFunction(s, 'Health'), authorization: RouteAuthorization.publicAccess() },
    ],
  }));

  test('uses API Gateway\'s JWT authorizer for the issuer and audience, and creates no user pool', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: 'https://example.eu.auth0.com/', Audience: ['https://api.example.com'] },
    });
    template.resourceCountIs('AWS::Cognito::UserPool', 0);
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 0);
    template.resourceCountIs('AWS::Lambda::Function', 2);
  });

  test('protects routes by default and checks scopes natively', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /items', AuthorizationType: 'JWT', AuthorizationScopes: ['read:items'] });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /health', AuthorizationType: 'NONE' });
  });

  test('outputs only the region and the API URL', () => {
    expect(Object.keys(template.findOutputs('*')).map((id) => id.replace(/[0-9A-F]{8}$/, ''))).toEqual(['ApiRegion', 'ApiApiUrl']);
  });

  test('has no user pool to expose, and says why', () => {
    expect(api.userPoolClients).toEqual([]);
    expect(() => api.userPool).toThrow('CognitoProtectedHttpApi: userPool: this API trusts an external OIDC issuer (TokenAuthorizer.oidcIssuer()), so it has no user pool.');
    expect(() => api.userPoolClient).toThrow('so it has no user pool');
  });
});

describe('TokenAuthorizer.lambdaAuthorizer()', () => {
  const { template, api } = synth(
    (s) => ({
      tokenAuthorizer: TokenAuthorizer.lambdaAuthorizer({
        issuers: [{ issuer: 'https://example.eu.auth0.com/', audience: ['https://api.example.com'], tokenUse: TokenUse.ACCESS }],
        resultsCacheTtl: Duration.minutes(10),
      }),
      apiScopes: [{ name: 'items.read' }],
      groups: [{ name: 'admin' }],
      routes: [
        { path: '/items', handler: inlineFunction(s, 'Items'), authorization: RouteAuthorization.signedIn({ scopes: ['api/items.read'] }) },
        { path: '/items/{id}', methods: [HttpMethod.DELETE], handler: inlineFunction(s, 'Delete'), authorization: RouteAuthorization.inGroups(['admin']) },
        {
          path: '/tenants/{id}',
          handler: inlineFunction(s, 'Tenant'),
          authorization: RouteAuthorization.signedIn({ claims: [{ name: 'tenant', values: ['acme', 'globex'] }] }),
        },
        { path: '/me', handler: inlineFunction(s, 'Me') },
        { path: '/health', handler: inlineFunction(s, 'Health'), authorization: RouteAuthorization.publicAccess() },
      ],
    }),
    (a) => a.addMachineClient({ name: 'sync', scopes: ['api/items.read'] }),
  );
  const config = () => JSON.parse(flatten(authorizerConfig(template)));

  test('ships the pre-bundled authorizer: pinned runtime, ARM64, own log group, bounded timeout', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('JWT Lambda authorizer'),
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Timeout: 10,
      MemorySize: 256,
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^ApiAuthorizerFunctionLogGroup') } },
    });
    expect(api.authorizerFunction).toBeDefined();
  });

  test('uses simple responses, cached per token and route', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      AuthorizerPayloadFormatVersion: '2.0',
      EnableSimpleResponses: true,
      IdentitySource: ['$request.header.Authorization', '$context.routeKey'],
      AuthorizerResultTtlInSeconds: 600,
    });
  });

  test('may be invoked by this API\'s authorizer only', () => {
    template.hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiAuthorizerFunction'), 'Arn'] },
      Principal: 'apigateway.amazonaws.com',
      SourceArn: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('/authorizers/$'), { Ref: Match.stringLikeRegexp('LambdaAuthorizer') }])] },
      SourceAccount: '123456789012',
    });
  });

  test('protects every non-public route with it; requirements go to its configuration, not to API Gateway', () => {
    for (const key of ['GET /items', 'DELETE /items/{id}', 'GET /tenants/{id}', 'GET /me']) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: key, AuthorizationType: 'CUSTOM', AuthorizationScopes: Match.absent() });
    }
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /health', AuthorizationType: 'NONE' });
  });

  test('writes the pool (with every client, also those added later), the other issuers and the route requirements', () => {
    expect(config()).toEqual({
      issuers: [
        {
          issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/<ApiUserPool5AB2526B>',
          audience: ['<ApiUserPoolClientEE236541>', expect.stringMatching(/^<ApiMachineClientsync[0-9A-F]{8}>$/)],
          tokenUse: null,
          cognito: true,
        },
        { issuer: 'https://example.eu.auth0.com/', audience: ['https://api.example.com'], tokenUse: 'access', cognito: false },
      ],
      jwksTimeoutMs: 3000,
    });
    expect(authorizerRoutes(api)).toEqual({
      'GET /items': { scopes: ['api/items.read'] },
      'DELETE /items/{id}': { groups: ['admin'] },
      'GET /tenants/{id}': { claims: { tenant: ['acme', 'globex'] } },
      'GET /me': {},
    });
  });

  test('ships the routes in its code asset (beside the bundle), not in its environment', () => {
    const fn = authorizerFunction(template);
    expect(fn.Properties.Code).toEqual({ S3Bucket: expect.anything(), S3Key: expect.stringMatching(/^[0-9a-f]{64}\.zip$/) });
    expect(Object.keys(fn.Properties.Environment.Variables)).toEqual(['AUTHORIZER_CONFIG']);
    const dir = authorizerAssetDir(api);
    expect(fs.readdirSync(dir).sort()).toEqual(['index.js', 'routes.json']);
    expect(fs.readFileSync(path.join(dir, 'index.js'))).toEqual(fs.readFileSync(path.join(__dirname, '../../assets/handlers/jwt-authorizer.lambda/index.js')));
  });

  test('needs no group trigger: it reads cognito:groups itself', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', { LambdaConfig: Match.absent() });
  });
});

test('the configuration the construct writes is one the bundled handler accepts', () => {
  const { api, template } = synth((s) => ({
    tokenAuthorizer: TokenAuthorizer.lambdaAuthorizer({
      trustUserPool: false,
      issuers: [
        { issuer: 'https://example.eu.auth0.com/', audience: ['https://api.example.com'] },
        { issuer: 'https://login.example.com/tenant', jwksUri: 'https://login.example.com/keys', tokenUse: TokenUse.ID },
      ],
      jwksTimeout: Duration.millis(1500),
    }),
    routes: [{ path: '/x', handler: inlineFunction(s, 'X'), authorization: RouteAuthorization.signedIn({ scopes: ['read'] }) }],
  }));
  const routesFile = fs.readFileSync(path.join(authorizerAssetDir(api), 'routes.json'), 'utf-8');
  expect(parseAuthorizerConfig(authorizerConfig(template), routesFile)).toEqual({
    issuers: [
      { issuer: 'https://example.eu.auth0.com/', audience: ['https://api.example.com'], jwksUri: undefined, tokenUse: null, cognito: false },
      { issuer: 'https://login.example.com/tenant', audience: null, jwksUri: 'https://login.example.com/keys', tokenUse: 'id', cognito: false },
    ],
    routes: { 'GET /x': { scopes: ['read'] } },
    jwksTimeoutMs: 1500,
  });
  template.resourceCountIs('AWS::Cognito::UserPool', 1);
});

function authorizerFunction(template: Template): any {
  const [fn] = Object.values(template.findResources('AWS::Lambda::Function', { Properties: { Description: Match.stringLikeRegexp('JWT Lambda authorizer') } }));
  return fn;
}

/** Where the authorizer's code asset was staged (the folder that is zipped and uploaded). */
function authorizerAssetDir(api: CognitoProtectedHttpApi): string {
  const asset = api.authorizerFunction!.node.findChild('CodeAsset');
  return (asset.node.findChild('Stage') as AssetStaging).absoluteStagedPath;
}

function authorizerRoutes(api: CognitoProtectedHttpApi): any {
  return JSON.parse(fs.readFileSync(path.join(authorizerAssetDir(api), 'routes.json'), 'utf-8'));
}

function authorizerConfig(template: Template): any {
  return authorizerFunction(template).Properties.Environment.Variables.AUTHORIZER_CONFIG;
}

/** A string, or an `Fn::Join` of strings and `Ref`s, as one string with `<LogicalId>` for each `Ref`. */
function flatten(value: any): string {
  if (typeof value === 'string') {
    return value;
  }
  const [separator, parts] = value['Fn::Join'];
  return parts.map((part: any) => (typeof part === 'string' ? part : `<${part.Ref}>`)).join(separator);
}

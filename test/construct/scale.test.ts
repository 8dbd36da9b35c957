import * as fs from 'fs';
import * as path from 'path';
import { AssetStaging } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { CognitoProtectedHttpApi, CognitoProtectedHttpApiProps, RouteAuthorization, TokenAuthorizer, WhoamiFunction } from '../../src';
import { LAMBDA_ENVIRONMENT_BYTES } from '../../src/construct/validation/quotas';
import { newStack } from '../helpers';
import { functionEnvironmentBytes, policyBytes, POLICY_BYTES } from '../lambda-sizes';

const SCOPES = Array.from({ length: 10 }, (_, i) => `reports${i}.read`);

type Kind = 'jwt' | 'scoped' | 'lambda';

/** One function behind `count` routes: the shape that used to fail at deploy near 55 routes. */
function build(kind: Kind, count: number) {
  const stack = newStack();
  const handler = new WhoamiFunction(stack, 'Handler');
  const routes: CognitoProtectedHttpApiProps['routes'] = Array.from({ length: count }, (_, i) => ({
    path: `/resources/r${i}/{id}`,
    methods: [HttpMethod.GET],
    handler,
    authorization: kind === 'scoped' ? RouteAuthorization.signedIn({ scopes: [`api/${SCOPES[i % SCOPES.length]}`] })
      : kind === 'lambda' ? RouteAuthorization.signedIn({ claims: [{ name: 'custom:tenant', values: [`tenant-${i}`] }] }) // distinct per route
        : RouteAuthorization.signedIn(),
  }));
  const api = new CognitoProtectedHttpApi(stack, 'Api', {
    routes,
    ...(kind === 'scoped' ? { apiScopes: SCOPES.map((name) => ({ name })), machineClients: [{ name: 'reporting', scopes: SCOPES.map((s) => `api/${s}`) }] } : {}),
    ...(kind === 'lambda' ? { tokenAuthorizer: TokenAuthorizer.lambdaAuthorizer() } : {}),
  });
  return { stack, api, handler, template: Template.fromStack(stack) };
}

describe.each<[Kind, number]>([
  ['jwt', 1], ['jwt', 100], ['jwt', 300],
  ['scoped', 1], ['scoped', 100], ['scoped', 300],
  ['lambda', 1], ['lambda', 100], ['lambda', 300],
])('%s authorizer, %d route(s) on one function', (kind, count) => {
  const { api, stack, handler, template } = build(kind, count);
  const resources = Object.values(template.toJSON().Resources) as any[];
  const permissions = resources.filter((r) => r.Type === 'AWS::Lambda::Permission').map((r) => r.Properties);

  test('costs one resource per route, below CloudFormation\'s 500', () => {
    const routes = resources.filter((r) => r.Type === 'AWS::ApiGatewayV2::Route').length;
    expect(routes).toBe(count);
    const fixed = resources.length - routes;
    // What does not grow with the routes: pool, clients, authorizer, API, stage, logs, the function...
    expect(fixed).toBeLessThan(kind === 'scoped' ? 24 : 20);
    expect(resources.length).toBeLessThan(500);
  });

  test('grants the function one invoke permission for the whole API; its policy stays small', () => {
    const handlerArn = stack.resolve(handler.functionArn);
    const forHandler = permissions.filter((p) => JSON.stringify(p.FunctionName) === JSON.stringify(handlerArn));
    expect(forHandler).toHaveLength(1);
    expect(policyBytes(forHandler)).toBeLessThan(1024);
    for (const p of permissions) {
      expect(policyBytes([p])).toBeLessThan(POLICY_BYTES);
    }
  });

  test('keeps every function\'s environment under Lambda\'s 4 KB', () => {
    for (const fn of resources.filter((r) => r.Type === 'AWS::Lambda::Function')) {
      expect(functionEnvironmentBytes(fn)).toBeLessThan(LAMBDA_ENVIRONMENT_BYTES / 2);
    }
  });

  if (kind === 'lambda') {
    test('ships every route\'s distinct requirements in the authorizer\'s code asset', () => {
      const dir = (api.authorizerFunction!.node.findChild('CodeAsset').node.findChild('Stage') as AssetStaging).absoluteStagedPath;
      const routes = JSON.parse(fs.readFileSync(path.join(dir, 'routes.json'), 'utf-8'));
      expect(Object.keys(routes)).toHaveLength(count);
      expect(routes[`GET /resources/r${count - 1}/{id}`]).toEqual({ claims: { 'custom:tenant': [`tenant-${count - 1}`] } });
    });
  }

  test('warns about no quota at or below 300 routes', () => {
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('quota'));
  });
});

test('more than 300 routes: a warning names the quota and how to raise it', () => {
  const { stack } = build('jwt', 301);
  Annotations.fromStack(stack).hasWarning('/TestStack/Api', Match.stringLikeRegexp('301 routes, more than API Gateway\'s default quota of 300 routes per HTTP API.*Service Quotas'));
});

test('throttling above the account quota: a warning says that the account caps it', () => {
  const stack = newStack();
  new CognitoProtectedHttpApi(stack, 'Api', { throttlingRateLimit: 20_000, throttlingBurstLimit: 8_000 });
  Annotations.fromStack(stack).hasWarning('/TestStack/Api', Match.stringLikeRegexp('throttlingRateLimit 20000 / throttlingBurstLimit 8000 pass the account\'s default API Gateway throttling quota of 10000'));
});

describe('one function behind many APIs: each API adds a statement to its policy', () => {
  /** `count` APIs (on an imported pool, without access logs: few resources each) with one handler. */
  function sharedHandler(count: number) {
    const stack = newStack();
    const handler = new WhoamiFunction(stack, 'Handler');
    const userPool = cognito.UserPool.fromUserPoolId(stack, 'Pool', 'eu-west-1_AbCdEf123');
    for (let i = 0; i < count; i++) {
      new CognitoProtectedHttpApi(stack, `Api${i}`, { userPool, accessLogging: false, routes: [{ path: '/items', handler }] });
    }
    return stack;
  }

  test('48 APIs (about 20,160 bytes of statements): no warning', () => {
    Annotations.fromStack(sharedHandler(48)).hasNoWarning('*', Match.stringLikeRegexp('resource-based policy'));
  });

  test('49 APIs: a warning on the function gives the estimate, the limit and the fix', () => {
    Annotations.fromStack(sharedHandler(49)).hasWarning('/TestStack/Handler', Match.stringLikeRegexp(
      'the handler of 49 HTTP APIs: each API adds an invoke statement of about 420 bytes.*\\(20580 bytes together\\).*over 20480 bytes.*their own function',
    ));
  });
});

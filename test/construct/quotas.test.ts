import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { CognitoProtectedHttpApi, CognitoProtectedHttpApiProps, RouteAuthorization, TokenAuthorizer } from '../../src';
import { inlineFunction, newStack } from '../helpers';

/**
 * API Gateway's HTTP API quotas that cannot be raised (AWS, "Quotas for configuring and running an
 * HTTP API in API Gateway"): scopes per route 10, audiences per authorizer 50, access log template
 * 3 KB; and the account's default throttle, which depends on the Region (AWS, "Amazon API Gateway
 * quotas"). The error messages themselves are rows of errors.test.ts; here: the bounds, the lazy
 * audience and the Regions.
 */

const names = (count: number, prefix: string) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);

function stackIn(region?: string): Stack {
  return new Stack(new App({ analyticsReporting: false }), 'TestStack', region ? { env: { account: '123456789012', region } } : {});
}

describe('scopes per route (10): what API Gateway checks is counted, group scopes included', () => {
  test('10 scopes and 10 groups on JWT-authorizer routes synthesize', () => {
    const stack = newStack();
    const handler = inlineFunction(stack, 'Handler');
    new CognitoProtectedHttpApi(stack, 'Api', {
      apiScopes: names(10, 's').map((name) => ({ name })),
      callbackUrls: ['https://app.example.com/cb'],
      groups: names(10, 'g').map((name) => ({ name })),
      routes: [
        { path: '/scoped', handler, authorization: RouteAuthorization.signedIn({ scopes: names(10, 'api/s') }) },
        { path: '/grouped', handler, authorization: RouteAuthorization.inGroups(names(10, 'g')) },
      ],
    });
    const scopes = Object.values(Template.fromStack(stack).findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties.AuthorizationScopes.length);
    expect(scopes).toEqual([10, 10]);
  });

  test('the Lambda authorizer checks requirements itself: 11 groups on a route synthesize', () => {
    const stack = newStack();
    new CognitoProtectedHttpApi(stack, 'Api', {
      tokenAuthorizer: TokenAuthorizer.lambdaAuthorizer(),
      groups: names(11, 'g').map((name) => ({ name })),
      routes: [{ path: '/grouped', handler: inlineFunction(stack, 'Handler'), authorization: RouteAuthorization.inGroups(names(11, 'g')) }],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /grouped', AuthorizationScopes: Match.absent() });
  });
});

describe('audiences per JWT authorizer (50): the user client, brought clients and machine clients', () => {
  const apiScopes = [{ name: 'read' }];
  const machine = (count: number) => names(count, 'm').map((name) => ({ name, scopes: ['api/read'] }));

  function build(props: (stack: Stack) => CognitoProtectedHttpApiProps, after?: (api: CognitoProtectedHttpApi) => void): Stack {
    const stack = newStack();
    const api = new CognitoProtectedHttpApi(stack, 'Api', { ...props(stack), routes: [{ path: '/items', handler: inlineFunction(stack, 'Handler') }] });
    after?.(api);
    return stack;
  }

  test('the user client and 49 machine clients: 50 audiences synthesize', () => {
    const template = Template.fromStack(build(() => ({ apiScopes, machineClients: machine(49) })));
    const [authorizer] = Object.values(template.findResources('AWS::ApiGatewayV2::Authorizer'));
    expect(authorizer.Properties.JwtConfiguration.Audience).toHaveLength(50);
  });

  test('a machine client added after the routes that makes 51: an error at synth', () => {
    const stack = build(() => ({ apiScopes, machineClients: machine(49) }), (api) => api.addMachineClient({ name: 'late', scopes: ['api/read'] }));
    expect(() => Template.fromStack(stack)).toThrow(
      'CognitoProtectedHttpApi: machineClients: the JWT authorizer would accept 51 app clients (the user client and 50 machine clients), '
      + 'more than API Gateway\'s quota of 50 audiences per JWT authorizer, which cannot be raised; '
      + 'give some of the machine clients an API of their own, or use TokenAuthorizer.lambdaAuthorizer(), which has no such quota.',
    );
  });

  test('51 brought clients: the error names userPoolClients', () => {
    const stack = build((s) => ({
      userPool: cognito.UserPool.fromUserPoolId(s, 'Pool', 'eu-west-1_AbCdEf123'),
      userPoolClients: names(51, 'c').map((id) => cognito.UserPoolClient.fromUserPoolClientId(s, id, id)),
    }));
    expect(() => Template.fromStack(stack)).toThrow(
      'CognitoProtectedHttpApi: userPoolClients: the JWT authorizer would accept 51 app clients (51 from userPoolClients), more than API Gateway\'s quota of 50 audiences',
    );
  });

  test('the Lambda authorizer has no audience quota: the user client and 50 machine clients synthesize', () => {
    const stack = build(() => ({ apiScopes, machineClients: machine(50), tokenAuthorizer: TokenAuthorizer.lambdaAuthorizer() }));
    expect(() => Template.fromStack(stack)).not.toThrow();
  });
});

test('the access log format stays under API Gateway\'s 3 KB access log template quota', () => {
  const stack = newStack();
  new CognitoProtectedHttpApi(stack, 'Api');
  const [stage] = Object.values(Template.fromStack(stack).findResources('AWS::ApiGatewayV2::Stage'));
  const format: string = stage.Properties.AccessLogSettings.Format;
  expect(JSON.parse(format)).toHaveProperty('authorizerError');
  expect(Buffer.byteLength(format)).toBeLessThanOrEqual(3 * 1024);
});

describe('the account\'s default throttle depends on the Region', () => {
  /** [region (undefined: the stack's region is a token), rate, burst, the warning (a regexp), or undefined for none] */
  const rows: Array<[string | undefined, number, number, string | undefined]> = [
    ['eu-west-1', 10_000, 5_000, undefined],
    ['eu-west-1', 10_001, 5_000, 'throttlingRateLimit 10001 / throttlingBurstLimit 5000 pass the account\'s default API Gateway throttling quota of 10000 requests per second and a burst of 5000 in eu-west-1, which caps the stage anyway'],
    ['us-east-1', 3_000, 2_000, undefined],
    ['af-south-1', 2_500, 1_250, undefined],
    ['af-south-1', 3_000, 1_000, 'throttlingRateLimit 3000 / throttlingBurstLimit 1000 pass the account\'s default API Gateway throttling quota of 2500 requests per second and a burst of 1250 in af-south-1 \\(10000 and 5000 in most regions\\)'],
    ['mx-central-1', 2_000, 1_251, 'quota of 2500 requests per second and a burst of 1250 in mx-central-1'],
    ['ap-southeast-7', 2_600, 1_250, 'quota of 2500 requests per second and a burst of 1250 in ap-southeast-7'],
    [undefined, 2_500, 1_250, undefined],
    [undefined, 3_000, 1_000, 'throttlingRateLimit 3000 / throttlingBurstLimit 1000 pass the account\'s default API Gateway throttling quota of 2500 requests per second and a burst of 1250 in af-south-1, .*mx-central-1 \\(10000 and 5000 in the other regions\\); the stack\'s region is not known at synth'],
    [undefined, 12_000, 1_000, 'pass the account\'s default API Gateway throttling quota of 2500 requests per second and a burst of 1250 in af-south-1.*and of 10000 and 5000 in the other regions'],
  ];

  test.each(rows)('%s: rate %d, burst %d', (region, rate, burst, warning) => {
    const stack = stackIn(region);
    new CognitoProtectedHttpApi(stack, 'Api', { throttlingRateLimit: rate, throttlingBurstLimit: burst });
    if (warning === undefined) {
      Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('throttl'));
    } else {
      Annotations.fromStack(stack).hasWarning('/TestStack/Api', Match.stringLikeRegexp(warning));
    }
  });

  test('the defaults (500 requests per second, burst 1000) warn in no region', () => {
    for (const region of [undefined, 'af-south-1', 'eu-west-1']) {
      const stack = stackIn(region);
      new CognitoProtectedHttpApi(stack, 'Api');
      Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('throttl'));
    }
  });
});

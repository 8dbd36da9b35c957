import { Duration, Stack } from 'aws-cdk-lib';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { inlineFunction, newStack } from './helpers';
import { ApiRouteOptions, CognitoProtectedHttpApi, CognitoProtectedHttpApiProps } from '../src';

/** One case per error message: the props (built in a fresh stack) and the exact message. */
const cases: Array<[string, (stack: Stack) => CognitoProtectedHttpApiProps, string]> = [
  ['existing pool with new-pool props',
    (s) => ({ userPool: pool(s), userPoolName: 'x', removalPolicy: undefined, passwordPolicy: { minLength: 10 } }),
    'CognitoProtectedHttpApi: userPool: an existing pool was given, so userPoolName, passwordPolicy would configure nothing; remove them, or remove userPool to create a new pool.'],
  ['clients without their pool',
    (s) => ({ userPoolClients: [client(s)] }),
    'CognitoProtectedHttpApi: userPoolClients: existing clients can only be brought in together with their pool; also pass userPool, or remove userPoolClients to create a client.'],
  ['an empty client list',
    (s) => ({ userPool: pool(s), userPoolClients: [] }),
    'CognitoProtectedHttpApi: userPoolClients: is empty; give at least one client, or leave it out to create one.'],
  ['existing clients with new-client props',
    (s) => ({ userPool: pool(s), userPoolClients: [client(s)], idTokenValidity: Duration.hours(2) }),
    'CognitoProtectedHttpApi: userPoolClients: existing clients were given, so idTokenValidity would configure nothing; remove it, or remove userPoolClients to create a client.'],
  ['an access token validity out of range',
    () => ({ accessTokenValidity: Duration.minutes(2) }),
    'CognitoProtectedHttpApi: accessTokenValidity: is 2 minutes; Cognito accepts 5 minutes to 1 day.'],
  ['a refresh token validity out of range',
    () => ({ refreshTokenValidity: Duration.days(4000) }),
    'CognitoProtectedHttpApi: refreshTokenValidity: is 4000 days; Cognito accepts 1 hour to 3650 days.'],
  ['an ID token outliving the refresh token',
    () => ({ idTokenValidity: Duration.hours(20), refreshTokenValidity: Duration.hours(10) }),
    'CognitoProtectedHttpApi: idTokenValidity: is 20 hours, longer than refreshTokenValidity (10 hours); make it shorter or the refresh token longer.'],
  ['a path without a leading slash',
    (s) => routes(s, { path: 'items' }),
    'CognitoProtectedHttpApi: routes[0].path: "items" must start with "/" (write "/items").'],
  ['a path with a trailing slash',
    (s) => routes(s, { path: '/items/' }),
    'CognitoProtectedHttpApi: routes[0].path: "/items/" must not end with "/" (write "/items").'],
  ['a path with an empty segment',
    (s) => routes(s, { path: '/items//x' }),
    'CognitoProtectedHttpApi: routes[0].path: "/items//x" has an empty segment ("//"); remove the extra "/".'],
  ['a greedy parameter before the last segment',
    (s) => routes(s, { path: '/{proxy+}/x' }),
    'CognitoProtectedHttpApi: routes[0].path: "/{proxy+}/x" has the greedy parameter "{proxy+}" before the last segment; a greedy "{name+}" may only be the last segment.'],
  ['an invalid path segment',
    (s) => routes(s, { path: '/items/{id' }),
    'CognitoProtectedHttpApi: routes[0].path: "/items/{id" has an invalid segment "{id": use letters, digits and -._~ or a parameter "{name}".'],
  ['an empty method list',
    (s) => routes(s, { path: '/items', methods: [] }),
    'CognitoProtectedHttpApi: routes[0].methods: is empty; give at least one method, e.g. [HttpMethod.GET], or leave it out for GET.'],
  ['a method listed twice',
    (s) => routes(s, { path: '/items', methods: [HttpMethod.GET, HttpMethod.POST, HttpMethod.GET] }),
    'CognitoProtectedHttpApi: routes[0].methods: lists GET twice; list each method once.'],
  ['a route declared twice',
    (s) => routes(s, { path: '/items', methods: [HttpMethod.GET, HttpMethod.POST] }, { path: '/items', methods: [HttpMethod.POST] }),
    'CognitoProtectedHttpApi: routes[1]: route POST /items is declared twice; declare each method and path once.'],
];

test.each(cases)('rejects %s', (_, props, message) => {
  const stack = newStack();
  const construct = () => new CognitoProtectedHttpApi(stack, 'Api', props(stack));
  expect(construct).toThrow(new Error(message));
  expect(catchError(construct)).not.toBeInstanceOf(TypeError);
});

test('addRoute() names itself in its errors', () => {
  const stack = newStack();
  const api = new CognitoProtectedHttpApi(stack, 'Api', routes(stack, { path: '/items' }));
  expect(() => api.addRoute({ path: '/items', handler: inlineFunction(stack, 'Again') })).toThrow(
    'CognitoProtectedHttpApi: addRoute(): route GET /items is declared twice; declare each method and path once.',
  );
});

function pool(stack: Stack): cognito.IUserPool {
  return cognito.UserPool.fromUserPoolId(stack, 'Pool', 'eu-west-1_AbCdEf123');
}

function client(stack: Stack): cognito.IUserPoolClient {
  return cognito.UserPoolClient.fromUserPoolClientId(stack, 'Client', 'clientid');
}

function routes(stack: Stack, ...list: Array<Omit<ApiRouteOptions, 'handler'>>): CognitoProtectedHttpApiProps {
  const handler = inlineFunction(stack, 'Handler');
  return { routes: list.map((route) => ({ ...route, handler })) };
}

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

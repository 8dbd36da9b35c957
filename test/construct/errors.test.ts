import { CfnParameter, Duration, SecretValue, Stack } from 'aws-cdk-lib';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import {
  ApiRouteOptions, CognitoProtectedHttpApi, CognitoProtectedHttpApiProps, ManagedLoginBranding, RouteAuthorization,
  SignInMethod, SignInProvider, TokenAuthorizer, WhoamiFunction,
} from '../../src';
import { inlineFunction, newStack } from '../helpers';

type Case = [string, (stack: Stack) => CognitoProtectedHttpApiProps, string | ReturnType<typeof expect.stringMatching>];

const OIDC = TokenAuthorizer.oidcIssuer({ issuer: 'https://example.eu.auth0.com/', audience: ['https://api.example.com'] });

/** One case per error message: props built in a fresh stack, and the exact message after the prefix. */
const cases: Case[] = [
  // pool and clients
  ['existing pool with new-pool props', (s) => ({ userPool: pool(s), userPoolName: 'x', removalPolicy: undefined, passwordPolicy: { minLength: 10 } }),
    'userPool: an existing pool was given, so userPoolName, passwordPolicy would configure nothing; remove them, or remove userPool to create a new pool.'],
  ['clients without their pool', (s) => ({ userPoolClients: [client(s)] }),
    'userPoolClients: existing clients can only be brought in together with their pool; also pass userPool, or remove userPoolClients to create a client.'],
  ['an empty client list', (s) => ({ userPool: pool(s), userPoolClients: [] }),
    'userPoolClients: is empty; give at least one client, or leave it out to create one.'],
  ['existing clients with new-client props', (s) => ({ userPool: pool(s), userPoolClients: [client(s)], idTokenValidity: Duration.hours(2) }),
    'userPoolClients: existing clients were given, so idTokenValidity would configure nothing; remove it, or remove userPoolClients to create a client.'],
  ['logout URLs without callback URLs', () => ({ logoutUrls: ['https://app.example.com/'] }),
    'logoutUrls: needs callbackUrls (logout URLs belong to the OAuth code flow); add callbackUrls or remove logoutUrls.'],
  ['an empty callback URL list', () => ({ callbackUrls: [] }),
    'callbackUrls: is empty; give at least one URL, or leave it out for no OAuth flow.'],
  ['a callback URL that is not a URL', () => ({ callbackUrls: ['app.example.com/callback'] }),
    'callbackUrls[0]: "app.example.com/callback" is not an absolute URL; write it like "https://app.example.com/callback".'],
  ['a plain-http callback URL', () => ({ callbackUrls: ['https://ok.example.com', 'http://app.example.com/cb'] }),
    'callbackUrls[1]: "http://app.example.com/cb" must use https (http is only allowed for localhost).'],
  ['a logout URL with a fragment', () => ({ callbackUrls: ['http://localhost:3000/cb'], logoutUrls: ['https://app.example.com/#out'] }),
    'logoutUrls[0]: "https://app.example.com/#out" must not contain a fragment (#...).'],
  // token validities
  ['an access token validity below 5 minutes', () => ({ accessTokenValidity: Duration.minutes(2) }),
    'accessTokenValidity: is 2 minutes; Cognito accepts 5 minutes to 1 day.'],
  ['an ID token validity above 1 day', () => ({ idTokenValidity: Duration.hours(25) }),
    'idTokenValidity: is 1 day 1 hour; Cognito accepts 5 minutes to 1 day.'],
  ['a refresh token validity above 10 years', () => ({ refreshTokenValidity: Duration.days(4000) }),
    'refreshTokenValidity: is 4000 days; Cognito accepts 1 hour to 3650 days.'],
  ['a refresh token validity below 1 hour', () => ({ refreshTokenValidity: Duration.minutes(30) }),
    'refreshTokenValidity: is 30 minutes; Cognito accepts 1 hour to 3650 days.'],
  ['an ID token outliving the refresh token', () => ({ idTokenValidity: Duration.hours(20), refreshTokenValidity: Duration.hours(10) }),
    'idTokenValidity: is 20 hours, longer than refreshTokenValidity (10 hours); make it shorter or the refresh token longer.'],
  // password policy
  ['a password minimum length below 6', () => ({ passwordPolicy: { minLength: 4 } }),
    'passwordPolicy.minLength: is 4; Cognito accepts whole numbers from 6 to 99 (8 or more recommended).'],
  ['a password minimum length above 99', () => ({ passwordPolicy: { minLength: 100 } }),
    'passwordPolicy.minLength: is 100; Cognito accepts whole numbers from 6 to 99 (8 or more recommended).'],
  ['a temporary password validity above a year', () => ({ passwordPolicy: { tempPasswordValidity: Duration.days(400) } }),
    'passwordPolicy.tempPasswordValidity: is 400 days; Cognito accepts 1 day to 365 days.'],
  // scopes, groups, domain prefix
  ['a resource server identifier with a space', () => ({ apiScopes: [{ name: 'a' }], resourceServerIdentifier: 'my api' }),
    'resourceServerIdentifier: "my api" has characters Cognito refuses (spaces, quotes or backslashes) or is empty or too long; use e.g. "api" or "https://api.example.com".'],
  ['a resource server identifier without scopes', () => ({ resourceServerIdentifier: 'api' }),
    'resourceServerIdentifier: is only used with apiScopes; declare apiScopes or remove it.'],
  ['a scope name with a slash', () => ({ apiScopes: [{ name: 'items/read' }] }),
    'apiScopes[0].name: "items/read" has characters Cognito refuses (spaces, quotes, "/" or backslashes) or is empty or too long; use e.g. "items.read".'],
  ['an empty scope name', () => ({ apiScopes: [{ name: 'ok' }, { name: '' }] }),
    'apiScopes[1].name: "" has characters Cognito refuses (spaces, quotes, "/" or backslashes) or is empty or too long; use e.g. "items.read".'],
  ['a scope declared twice', () => ({ apiScopes: [{ name: 'items.read' }, { name: 'items.read' }] }),
    'apiScopes[1].name: "items.read" is declared twice; declare each once.'],
  ['a group name with whitespace', () => ({ groups: [{ name: 'power users' }] }),
    'groups[0].name: "power users" must be 1 to 128 characters without whitespace.'],
  ['a group declared twice', () => ({ groups: [{ name: 'admin' }, { name: 'admin' }] }),
    'groups[1].name: "admin" is declared twice; declare each once.'],
  ['two groups whose names differ only in punctuation', () => ({ groups: [{ name: 'ops-team' }, { name: 'opsteam' }] }),
    'groups[1].name: "opsteam" and "ops-team" differ only in punctuation, which their construct ids drop; rename one.'],
  ['a negative group precedence', () => ({ groups: [{ name: 'admin', precedence: -1 }] }),
    'groups[0].precedence: is -1; CloudFormation accepts whole numbers from 0 to 2147483647.'],
  ['a group description over 2048 characters', () => ({ groups: [{ name: 'admin', description: 'd'.repeat(2049) }] }),
    `groups[0].description: "${'d'.repeat(37)}..." has 2049 characters; CloudFormation accepts at most 2048.`],
  ['a pool name with characters Cognito refuses', () => ({ userPoolName: 'users/prod' }),
    'userPoolName: "users/prod" may only contain letters, digits, spaces and + = , . @ - _.'],
  ['an empty client name', () => ({ userPoolClientName: '' }),
    'userPoolClientName: "" has 0 characters; CloudFormation accepts 1 to 128.'],
  ['a scope description over 256 characters', () => ({ apiScopes: [{ name: 'items.read', description: 'x'.repeat(257) }] }),
    `apiScopes[0].description: "${'x'.repeat(37)}..." has 257 characters; CloudFormation accepts 1 to 256.`],
  ['more than 47 API scopes with the OAuth code flow', () => ({ callbackUrls: ['https://app.example.com/cb'], apiScopes: Array.from({ length: 48 }, (_, i) => ({ name: `s${i}` })) }),
    'apiScopes.length: is 48; CloudFormation accepts whole numbers from 0 to 47.'],
  ['a scope whose full name passes 256 characters', () => ({ apiScopes: [{ name: 'n'.repeat(254) }] }),
    `apiScopes[0].name: "api/${'n'.repeat(33)}..." has 258 characters; CloudFormation accepts 1 to 256.`],
  ['a domain name over 253 characters', () => ({ domainName: `${'a'.repeat(250)}.com`, certificate: acm.Certificate.fromCertificateArn(newStack(), 'C', 'arn:aws:acm:eu-west-1:123456789012:certificate/x') }),
    `domainName: "${'a'.repeat(37)}..." has 254 characters; CloudFormation accepts 1 to 253.`],
  ['more than 100 callback URLs', () => ({ callbackUrls: Array.from({ length: 101 }, (_, i) => `https://app${i}.example.com/cb`) }),
    'callbackUrls.length: is 101; CloudFormation accepts whole numbers from 1 to 100.'],
  ['a callback URL over 1024 characters', () => ({ callbackUrls: [`https://app.example.com/${'p'.repeat(1001)}`] }),
    'callbackUrls[0]: "https://app.example.com/ppppppppppppp..." has 1025 characters; CloudFormation accepts 1 to 1024.'],
  ['an API name over 128 characters', () => ({ apiName: 'a'.repeat(129) }),
    `apiName: "${'a'.repeat(37)}..." has 129 characters; CloudFormation accepts 1 to 128.`],
  ['an API description over 1024 characters', () => ({ apiDescription: 'a'.repeat(1025) }),
    `apiDescription: "${'a'.repeat(37)}..." has 1025 characters; CloudFormation accepts at most 1024.`],
  ['a CORS max age in milliseconds', () => ({ corsPreflight: { allowOrigins: ['*'], maxAge: Duration.millis(1500) } }),
    'corsPreflight.maxAge: is 1 second 500 millis; API Gateway takes whole seconds, e.g. Duration.seconds(2).'],
  ['a CORS max age over a day', () => ({ corsPreflight: { allowOrigins: ['*'], maxAge: Duration.days(2) } }),
    'corsPreflight.maxAge: is 172800 s; CloudFormation accepts whole numbers from 0 to 86400 s.'],
  ['a CORS origin with a path', () => ({ corsPreflight: { allowOrigins: ['https://app.example.com/'] } }),
    'corsPreflight.allowOrigins[0]: "https://app.example.com/" is not an origin; API Gateway accepts "*" or scheme://host[:port], without a path or trailing "/" (e.g. "https://app.example.com").'],
  ['a domain prefix with capitals', () => ({ domainPrefix: 'MyApp' }),
    'domainPrefix: "MyApp" must be 1 to 63 lowercase letters, digits and hyphens, not starting or ending with a hyphen.'],
  ['a domain prefix ending with a hyphen', () => ({ domainPrefix: 'my-app-' }),
    'domainPrefix: "my-app-" must be 1 to 63 lowercase letters, digits and hyphens, not starting or ending with a hyphen.'],
  ['a domain prefix with a reserved word', () => ({ domainPrefix: 'my-cognito-login' }),
    'domainPrefix: "my-cognito-login" contains the reserved word "cognito"; Cognito refuses prefixes with aws, amazon or cognito.'],
  // stage
  ['log props with access logging off', () => ({ accessLogging: false, accessLogRetention: logs.RetentionDays.ONE_DAY }),
    'accessLogging: is false, so accessLogRetention would configure nothing; remove it, or turn access logging on.'],
  // what the library creates on the user's behalf
  ['subnets and security groups without a VPC', (s) => ({ vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }, securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(s, 'Sg', 'sg-12345678')] }),
    'vpc: is not set, so vpcSubnets, securityGroups would configure nothing; remove them, or set vpc.'],
  ['a retention for an existing log group', (s) => ({ accessLogGroup: logs.LogGroup.fromLogGroupName(s, 'L', 'x'), accessLogRetention: logs.RetentionDays.ONE_DAY }),
    'accessLogRetention: applies only to the log group the construct creates; set the retention on accessLogGroup instead, or remove accessLogGroup.'],
  ['a negative rate limit', () => ({ throttlingRateLimit: -5 }),
    'throttlingRateLimit: is -5; give requests per second ≥ 0.'],
  ['a fractional burst limit', () => ({ throttlingRateLimit: 10, throttlingBurstLimit: 2.5 }),
    'throttlingBurstLimit: is 2.5; give a whole number of requests ≥ 0.'],
  ['a burst without a rate', () => ({ throttlingBurstLimit: 100 }),
    'throttlingBurstLimit: is set without throttlingRateLimit; a burst only makes sense with a rate, so set both.'],
  // a route's throttle
  ['a negative route rate limit', (s) => routes(s, { path: '/items', throttle: { rateLimit: -1, burstLimit: 10 } }),
    'routes[0].throttle.rateLimit: is -1 on route /items; give requests per second from 0 to 500 (the stage\'s throttlingRateLimit).'],
  ['a route rate limit above the stage\'s', (s) => ({ throttlingRateLimit: 100, ...routes(s, { path: '/a' }, { path: '/items', throttle: { rateLimit: 101, burstLimit: 10 } }) }),
    'routes[1].throttle.rateLimit: is 101 on route /items; give requests per second from 0 to 100 (the stage\'s throttlingRateLimit).'],
  ['a route rate limit above the account quota', (s) => ({ throttlingRateLimit: 20_000, throttlingBurstLimit: 1000, ...routes(s, { path: '/items', throttle: { rateLimit: 12_000, burstLimit: 10 } }) }),
    'routes[0].throttle.rateLimit: is 12000 on route /items; give requests per second from 0 to 10000 (API Gateway\'s default account quota per Region).'],
  ['a fractional route burst limit', (s) => routes(s, { path: '/items', throttle: { rateLimit: 10, burstLimit: 2.5 } }),
    'routes[0].throttle.burstLimit: is 2.5 on route /items; give a whole number of requests from 0 to 1000 (the stage\'s throttlingBurstLimit).'],
  ['a route burst limit above the stage\'s', (s) => routes(s, { path: '/items', throttle: { rateLimit: 10, burstLimit: 1001 } }),
    'routes[0].throttle.burstLimit: is 1001 on route /items; give a whole number of requests from 0 to 1000 (the stage\'s throttlingBurstLimit).'],
  ['a route burst limit above the account quota', (s) => ({ throttlingRateLimit: 500, throttlingBurstLimit: 8000, ...routes(s, { path: '/items', throttle: { rateLimit: 10, burstLimit: 6000 } }) }),
    'routes[0].throttle.burstLimit: is 6000 on route /items; give a whole number of requests from 0 to 5000 (API Gateway\'s default account quota per Region).'],
  // custom domain
  ['a certificate without a domain name', (s) => ({ certificate: acm.Certificate.fromCertificateArn(s, 'C', 'arn:aws:acm:eu-west-1:123456789012:certificate/x') }),
    'certificate: needs domainName; add domainName, or remove it.'],
  ['a hosted zone without a domain name', (s) => ({ hostedZone: route53.HostedZone.fromHostedZoneAttributes(s, 'Z', { hostedZoneId: 'Z1', zoneName: 'example.com' }) }),
    'hostedZone: needs domainName; add domainName, or remove it.'],
  ['no execute-api endpoint and no domain', () => ({ disableExecuteApiEndpoint: true }),
    'disableExecuteApiEndpoint: without domainName would leave the API unreachable; add domainName, or remove it.'],
  ['a domain name without certificate or zone', () => ({ domainName: 'api.example.com' }),
    'domainName: needs a certificate (certificate) or a hosted zone to create one in (hostedZone).'],
  ['CORS credentials with any origin', () => ({ corsPreflight: { allowCredentials: true, allowOrigins: ['*'] } }),
    'corsPreflight: allowCredentials with allowOrigins ["*"] is refused by browsers; list the allowed origins explicitly.'],
  // routes
  ['a path without a leading slash', (s) => routes(s, { path: 'items' }),
    'routes[0].path: "items" must start with "/" (write "/items").'],
  ['a path with a trailing slash', (s) => routes(s, { path: '/items/' }),
    'routes[0].path: "/items/" must not end with "/" (write "/items").'],
  ['a path with an empty segment', (s) => routes(s, { path: '/items//x' }),
    'routes[0].path: "/items//x" has an empty segment ("//"); remove the extra "/".'],
  ['a greedy parameter before the last segment', (s) => routes(s, { path: '/{proxy+}/x' }),
    'routes[0].path: "/{proxy+}/x" has the greedy parameter "{proxy+}" before the last segment; a greedy "{name+}" may only be the last segment.'],
  ['an unclosed path parameter', (s) => routes(s, { path: '/items/{id' }),
    'routes[0].path: "/items/{id" has an invalid segment "{id": use letters, digits and -._~ or a parameter "{name}".'],
  ['a path with a space', (s) => routes(s, { path: '/my items' }),
    'routes[0].path: "/my items" has an invalid segment "my items": use letters, digits and -._~ or a parameter "{name}".'],
  ['an empty method list', (s) => routes(s, { path: '/items', methods: [] }),
    'routes[0].methods: is empty; give at least one method, e.g. [HttpMethod.GET], or leave it out for GET.'],
  ['a method listed twice', (s) => routes(s, { path: '/items', methods: [HttpMethod.GET, HttpMethod.POST, HttpMethod.GET] }),
    'routes[0].methods: lists GET twice; list each method once.'],
  ['a route declared twice', (s) => routes(s, { path: '/items', methods: [HttpMethod.GET, HttpMethod.POST] }, { path: '/items', methods: [HttpMethod.POST] }),
    'routes[1]: route POST /items is declared twice; declare each method and path once.'],
  ['a route scope with a space', (s) => routes(s, { path: '/items', authorization: RouteAuthorization.signedIn({ scopes: ['api/items read'] }) }),
    'routes[0].authorization: scope "api/items read" has characters no token scope can have (spaces, quotes or backslashes).'],
  ['a group route with no groups declared', (s) => routes(s, { path: '/admin', authorization: RouteAuthorization.inGroups(['admins']) }),
    'routes[0].authorization: group "admins" is not declared (groups is empty); add { name: \'admins\' } to groups.'],
  ['a second group route with a typo\'d group', (s) => ({
    groups: [{ name: 'admin' }, { name: 'support' }],
    ...routes(s, { path: '/a', authorization: RouteAuthorization.inGroups(['admin']) }, { path: '/b', authorization: RouteAuthorization.inGroups(['support', 'admins']) }),
  }), 'routes[1].authorization: group "admins" is not one of the declared groups (admin, support); did you mean "admin"?'],
  ['a group route with a group that is not declared', (s) => ({ groups: [{ name: 'admin' }], ...routes(s, { path: '/b', authorization: RouteAuthorization.inGroups(['billing']) }) }),
    'routes[0].authorization: group "billing" is not one of the declared groups (admin); add { name: \'billing\' } to groups, or require one of those.'],
  // route scopes: must name a declared one, checked when the route is added
  ['a route scope with a typo, although callbackUrls and a machine client are there (issue #31)', (s) => ({
    apiScopes: [{ name: 'tasks.write' }, { name: 'tasks.read' }],
    resourceServerIdentifier: 'api',
    callbackUrls: ['https://app.example.com/cb'],
    machineClients: [{ name: 'sync', scopes: ['api/tasks.write'] }],
    ...routes(s,
      { path: '/tasks', authorization: RouteAuthorization.signedIn({ scopes: ['api/tasks.read'] }) },
      { path: '/tasks', methods: [HttpMethod.POST], authorization: RouteAuthorization.signedIn({ scopes: ['api/tasks.write'] }) },
      { path: '/tasks/{id}', methods: [HttpMethod.PUT], authorization: RouteAuthorization.signedIn({ scopes: ['api/task.write'] }) }),
  }), 'routes[2].authorization: scope "api/task.write" is not one of the API\'s scopes (declared: api/tasks.read, api/tasks.write); did you mean "api/tasks.write"?'],
  ['a route scope without its resource server', (s) => ({ apiScopes: [{ name: 'tasks.write' }, { name: 'tasks.read' }], ...routes(s, { path: '/t', authorization: RouteAuthorization.signedIn({ scopes: ['tasks.write'] }) }) }),
    'routes[0].authorization: scope "tasks.write" is not one of the API\'s scopes (declared: api/tasks.read, api/tasks.write); did you mean "api/tasks.write"?'],
  ['a route scope with no API scopes declared', (s) => routes(s, { path: '/items', authorization: RouteAuthorization.signedIn({ scopes: ['api/items.read'] }) }),
    'routes[0].authorization: scope "api/items.read" is not one of the API\'s scopes (none declared); declare it in apiScopes ({ name: \'items.read\' }, which tokens carry as "api/items.read").'],
  ['a route scope far from the declared ones', (s) => ({ apiScopes: [{ name: 'items.read' }], ...routes(s, { path: '/b', authorization: RouteAuthorization.signedIn({ scopes: ['api/billing'] }) }) }),
    'routes[0].authorization: scope "api/billing" is not one of the API\'s scopes (declared: api/items.read); declare it in apiScopes ({ name: \'billing\' }, which tokens carry as "api/billing"), or require one of those.'],
  ['a route scope of another resource server', (s) => ({ apiScopes: [{ name: 'items.read' }], ...routes(s, { path: '/o', authorization: RouteAuthorization.signedIn({ scopes: ['orders/read'] }) }) }),
    'routes[0].authorization: scope "orders/read" is not one of the API\'s scopes (declared: api/items.read); the API\'s scopes are written "api/<name>": declare it in apiScopes, or require one of those.'],
  ['a standard scope with a typo', (s) => routes(s, { path: '/me', authorization: RouteAuthorization.signedIn({ scopes: ['opneid'] }) }),
    'routes[0].authorization: scope "opneid" is not one of the API\'s scopes (none declared); did you mean "openid"?'],
  ['a route scope with a typo on an existing pool', (s) => ({ userPool: pool(s), apiScopes: [{ name: 'items.read' }], resourceServerIdentifier: 'https://api.example.com', ...routes(s, { path: '/i', authorization: RouteAuthorization.signedIn({ scopes: ['https://api.example.com/item.read'] }) }) }),
    'routes[0].authorization: scope "https://api.example.com/item.read" is not one of the API\'s scopes (declared: https://api.example.com/items.read); did you mean "https://api.example.com/items.read"?'],
  ['a group route on an existing pool', (s) => ({ userPool: pool(s), groups: [{ name: 'admin' }], ...routes(s, { path: '/admin', authorization: RouteAuthorization.inGroups(['admin']) }) }),
    'routes[0].authorization: RouteAuthorization.inGroups() needs the pool created by the construct (it adds a pre-token-generation trigger); with an existing userPool, add a trigger that puts "group:<name>" scopes into access tokens and use RouteAuthorization.signedIn({ scopes }).'],
  ['a route with 11 scopes (API Gateway: 10 scopes per route)', (s) => ({
    apiScopes: Array.from({ length: 11 }, (_, i) => ({ name: `s${i}` })),
    ...routes(s, { path: '/x', authorization: RouteAuthorization.signedIn({ scopes: Array.from({ length: 11 }, (_, i) => `api/s${i}`) }) }),
  }), 'routes[0].authorization: requires 11 scopes; API Gateway\'s JWT authorizer checks at most 10 scopes per route, a quota that cannot be raised. A token needs only one of them: give the callers a scope that covers the route, or use TokenAuthorizer.lambdaAuthorizer(), which has no such quota.'],
  ['a group route with 11 groups (one group scope each)', (s) => ({
    groups: Array.from({ length: 11 }, (_, i) => ({ name: `g${i}` })),
    ...routes(s, { path: '/x', authorization: RouteAuthorization.inGroups(Array.from({ length: 11 }, (_, i) => `g${i}`)) }),
  }), 'routes[0].authorization: requires 11 groups, one group:<name> scope each; API Gateway\'s JWT authorizer checks at most 10 scopes per route, a quota that cannot be raised. A user needs only one of the groups: give the callers a group that covers the route, or use TokenAuthorizer.lambdaAuthorizer(), which reads cognito:groups and has no such quota.'],
  ['a group route on the LITE plan', (s) => ({ featurePlan: cognito.FeaturePlan.LITE, groups: [{ name: 'admin' }], ...routes(s, { path: '/admin', authorization: RouteAuthorization.inGroups(['admin']) }) }),
    'routes[0].authorization: RouteAuthorization.inGroups() needs access-token customization, which the LITE feature plan lacks; use FeaturePlan.ESSENTIALS (the default) or PLUS.'],
  // token authorizers
  ['an OIDC issuer with pool props', () => ({ tokenAuthorizer: OIDC, selfSignUpEnabled: true, groups: [{ name: 'a' }] }),
    'tokenAuthorizer: an external OIDC issuer needs no user pool, so selfSignUpEnabled, groups would configure nothing; remove them, or use TokenAuthorizer.userPool() or TokenAuthorizer.lambdaAuthorizer().'],
  ['an OIDC issuer that is not https', () => ({ tokenAuthorizer: TokenAuthorizer.oidcIssuer({ issuer: 'http://login.example.com', audience: ['a'] }) }),
    'tokenAuthorizer: the OIDC issuer "http://login.example.com" must be an https URL, e.g. "https://example.eu.auth0.com/".'],
  ['an OIDC issuer without audience', () => ({ tokenAuthorizer: TokenAuthorizer.oidcIssuer({ issuer: 'https://login.example.com', audience: [] }) }),
    'tokenAuthorizer: the OIDC issuer needs at least one audience: API Gateway accepts only tokens whose aud (or client_id) is listed.'],
  ['an OIDC issuer with 51 audiences (API Gateway: 50 per JWT authorizer)', () => ({
    tokenAuthorizer: TokenAuthorizer.oidcIssuer({ issuer: 'https://login.example.com', audience: Array.from({ length: 51 }, (_, i) => `api://a${i}`) }),
  }), 'tokenAuthorizer: the OIDC issuer has 51 audiences, more than API Gateway\'s quota of 50 audiences per JWT authorizer, which cannot be raised; split them over several APIs, or use TokenAuthorizer.lambdaAuthorizer({ trustUserPool: false, issuers: [...] }), which has no such quota.'],
  ['a Lambda authorizer that trusts no issuer', () => ({ tokenAuthorizer: TokenAuthorizer.lambdaAuthorizer({ trustUserPool: false }) }),
    'tokenAuthorizer: the Lambda authorizer trusts no issuer (trustUserPool is false and issuers is empty); add issuers, or trust the user pool.'],
  ['a Lambda authorizer issuer over http', () => ({ tokenAuthorizer: TokenAuthorizer.lambdaAuthorizer({ issuers: [{ issuer: 'https://a.example.com', jwksUri: 'http://a.example.com/keys' }] }) }),
    'tokenAuthorizer.issuers[0].jwksUri: "http://a.example.com/keys" must be an https URL (the authorizer fetches keys over https only).'],
  ['a Lambda authorizer issuer with an empty audience', () => ({ tokenAuthorizer: TokenAuthorizer.lambdaAuthorizer({ issuers: [{ issuer: 'https://a.example.com', audience: [] }] }) }),
    'tokenAuthorizer.issuers[0].audience: is empty, which would refuse every token; list the accepted audiences, or leave it out to not check them.'],
  ['a result cache above 1 hour', () => ({ tokenAuthorizer: TokenAuthorizer.lambdaAuthorizer({ resultsCacheTtl: Duration.hours(2) }) }),
    'tokenAuthorizer.resultsCacheTtl: is 2 hours; API Gateway caches authorizer results for at most 1 hour.'],
  ['a JWKS timeout above 4 seconds', () => ({ tokenAuthorizer: TokenAuthorizer.lambdaAuthorizer({ jwksTimeout: Duration.seconds(30) }) }),
    'tokenAuthorizer.jwksTimeout: is 30 seconds; the Lambda authorizer accepts 100 millis to 4 seconds.'],
  ['grantees on a route that is not IAM-authorized', (s) => routes(s, { path: '/x', grantees: [new iam.Role(s, 'Caller', { assumedBy: new iam.AccountRootPrincipal() })] }),
    'routes[0].grantees: route GET /x is not IAM-authorized (signed-in): its callers send tokens, so an execute-api:Invoke grant would allow nothing; give the route authorization: RouteAuthorization.iam(), or remove grantees.'],
  ['machine client claims on the LITE plan', () => ({ featurePlan: cognito.FeaturePlan.LITE, apiScopes: [{ name: 'a' }], machineClients: [{ name: 'm', scopes: ['api/a'], claims: { tenant: 'acme' } }] }),
    'machineClients[0].claims: needs access-token customization for the client-credentials grant (pre-token-generation event version 3), which the LITE feature plan lacks; use featurePlan: FeaturePlan.ESSENTIALS (the default) or PLUS.'],
  ['a pre-token-generation function on the LITE plan', (s) => ({ featurePlan: cognito.FeaturePlan.LITE, preTokenGeneration: inlineFunction(s, 'Mine') }),
    'preTokenGeneration: needs access-token customization for the client-credentials grant (pre-token-generation event version 3), which the LITE feature plan lacks; use featurePlan: FeaturePlan.ESSENTIALS (the default) or PLUS.'],
  ['a pre-token-generation function with an existing pool', (s) => ({ userPool: pool(s), preTokenGeneration: inlineFunction(s, 'Mine') }),
    'userPool: an existing pool was given, so preTokenGeneration would configure nothing; remove it, or remove userPool to create a new pool.'],
  ['machine client claims with an existing pool', (s) => ({ userPool: pool(s), apiScopes: [{ name: 'a' }], machineClients: [{ name: 'm', scopes: ['api/a'], claims: { tenant: 'acme' } }] }),
    'machineClients[0].claims: needs the pool created by the construct (it adds the pool\'s pre-token-generation trigger); with an existing userPool, add the claims in that pool\'s own trigger.'],
  ['required claims with a JWT authorizer', (s) => routes(s, { path: '/x', authorization: RouteAuthorization.signedIn({ claims: [{ name: 'tenant', values: ['a'] }] }) }),
    'routes[0].authorization: required claims (tenant) can only be checked by the Lambda authorizer; set tokenAuthorizer: TokenAuthorizer.lambdaAuthorizer(), or require scopes instead.'],
  ['a group route with an OIDC issuer', (s) => ({ tokenAuthorizer: OIDC, ...routes(s, { path: '/x', authorization: RouteAuthorization.inGroups(['admin']) }) }),
    'routes[0].authorization: RouteAuthorization.inGroups() needs a Cognito user pool or the Lambda authorizer; with an OIDC issuer, use TokenAuthorizer.lambdaAuthorizer({ trustUserPool: false, issuers: [...] }) or require scopes.'],
  // machine clients
  ['a machine client name with a space', () => ({ apiScopes: [{ name: 'a' }], machineClients: [{ name: 'my client', scopes: ['api/a'] }] }),
    'machineClients[0].name: "my client" must start with a letter or digit and have only letters, digits and hyphens (at most 128).'],
  ['two machine clients with one name', () => ({ apiScopes: [{ name: 'a' }], machineClients: [{ name: 'sync-job', scopes: ['api/a'] }, { name: 'syncjob', scopes: ['api/a'] }] }),
    'machineClients[1].name: a machine client named "syncjob" (or differing only in punctuation) already exists; give each machine client its own name.'],
  ['a machine client without scopes', () => ({ machineClients: [{ name: 'sync', scopes: [] }] }),
    'machineClients[0].scopes: is empty; a machine client gets only the scopes it is given, so give at least one.'],
  ['a machine client with a scope\'s short name', () => ({ apiScopes: [{ name: 'a' }], machineClients: [{ name: 'sync', scopes: ['a'] }] }),
    'machineClients[0].scopes: scope "a" is not one of the API\'s scopes (declared: api/a); did you mean "api/a"?'],
  ['a machine client with a scope but no API scopes', () => ({ machineClients: [{ name: 'sync', scopes: ['api/a'] }] }),
    'machineClients[0].scopes: scope "api/a" is not one of the API\'s scopes (none declared); declare it in apiScopes ({ name: \'a\' }, which tokens carry as "api/a").'],
  ['a machine client with a scope that is not declared', () => ({ apiScopes: [{ name: 'items.read' }], machineClients: [{ name: 'sync', scopes: ['api/items.read', 'api/billing'] }] }),
    'machineClients[0].scopes: scope "api/billing" is not one of the API\'s scopes (declared: api/items.read); declare it in apiScopes ({ name: \'billing\' }, which tokens carry as "api/billing"), or give it one of those.'],
  ['a machine client token validity above 1 day', () => ({ apiScopes: [{ name: 'a' }], machineClients: [{ name: 'sync', scopes: ['api/a'], accessTokenValidity: Duration.days(2) }] }),
    'machineClients[0].accessTokenValidity: is 2 days; Cognito accepts 5 minutes to 1 day.'],
  // sign-in: federation
  ['a sign-in provider with an existing pool', (s) => ({ userPool: pool(s), signInProviders: [google()] }),
    'userPool: an existing pool was given, so signInProviders would configure nothing; remove it, or remove userPool to create a new pool.'],
  ['client attributes with existing clients', (s) => ({ userPool: pool(s), userPoolClients: [client(s)], refreshTokenRotationGracePeriod: Duration.seconds(5) }),
    'userPoolClients: existing clients were given, so refreshTokenRotationGracePeriod would configure nothing; remove it, or remove userPoolClients to create a client.'],
  ['federation without callback URLs', () => ({ signInProviders: [google()] }),
    'signInProviders: federated sign-in goes through the hosted sign-in (the pool domain\'s /oauth2/authorize), which needs callbackUrls; add callbackUrls (where it sends users back to).'],
  ['a provider secret in plain text', () => ({ ...hosted, signInProviders: [SignInProvider.google({ clientId: 'id', clientSecret: SecretValue.unsafePlainText('s3cret') })] }),
    'signInProviders[0].clientSecret: is a plain value, which the template would show to anyone who can read the stack; keep the secret in Secrets Manager and pass SecretValue.secretsManager(\'<name or ARN>\') (or secret.secretValue of a Secret).'],
  ['a Google secret from SSM', () => ({ ...hosted, signInProviders: [SignInProvider.google({ clientId: 'id', clientSecret: ssmSecure() })] }),
    'signInProviders[0].clientSecret: is an ssm-secure reference (SecretValue.ssmSecure), which CloudFormation does not resolve in identity provider details: the provider would get the reference\'s text; keep the secret in Secrets Manager and pass SecretValue.secretsManager(\'<name or ARN>\') (or secret.secretValue of a Secret).'],
  ['a Facebook secret from SSM', () => ({ ...hosted, signInProviders: [SignInProvider.facebook({ clientId: 'id', clientSecret: ssmSecure() })] }),
    'signInProviders[0].clientSecret: is an ssm-secure reference (SecretValue.ssmSecure), which CloudFormation does not resolve in identity provider details: the provider would get the reference\'s text; keep the secret in Secrets Manager and pass SecretValue.secretsManager(\'<name or ARN>\') (or secret.secretValue of a Secret).'],
  ['a Login with Amazon secret from SSM', () => ({ ...hosted, signInProviders: [SignInProvider.amazon({ clientId: 'id', clientSecret: ssmSecure() })] }),
    'signInProviders[0].clientSecret: is an ssm-secure reference (SecretValue.ssmSecure), which CloudFormation does not resolve in identity provider details: the provider would get the reference\'s text; keep the secret in Secrets Manager and pass SecretValue.secretsManager(\'<name or ARN>\') (or secret.secretValue of a Secret).'],
  ['a Sign in with Apple key from SSM', () => ({ ...hosted, signInProviders: [SignInProvider.apple({ clientId: 'com.example', teamId: 'TEAM123456', keyId: 'KEY1234567', privateKey: ssmSecure() })] }),
    'signInProviders[0].privateKey: is an ssm-secure reference (SecretValue.ssmSecure), which CloudFormation does not resolve in identity provider details: the provider would get the reference\'s text; keep the secret in Secrets Manager and pass SecretValue.secretsManager(\'<name or ARN>\') (or secret.secretValue of a Secret).'],
  ['an OIDC provider secret from SSM', () => ({ ...hosted, signInProviders: [SignInProvider.oidc({ name: 'Okta', clientId: 'id', clientSecret: ssmSecure(), issuerUrl: 'https://login.example.com' })] }),
    'signInProviders[0].clientSecret: is an ssm-secure reference (SecretValue.ssmSecure), which CloudFormation does not resolve in identity provider details: the provider would get the reference\'s text; keep the secret in Secrets Manager and pass SecretValue.secretsManager(\'<name or ARN>\') (or secret.secretValue of a Secret).'],
  ['a provider secret from a CloudFormation parameter', (s) => ({ ...hosted, signInProviders: [SignInProvider.google({ clientId: 'id', clientSecret: SecretValue.cfnParameter(new CfnParameter(s, 'GoogleSecret', { noEcho: true })) })] }),
    'signInProviders[0].clientSecret: is a CloudFormation reference or parameter (SecretValue.cfnParameter, resourceAttribute), which passes the secret through the stack\'s parameters or attributes; keep the secret in Secrets Manager and pass SecretValue.secretsManager(\'<name or ARN>\') (or secret.secretValue of a Secret).'],
  ['an OIDC provider name of 2 characters', () => ({ ...hosted, signInProviders: [oidc('ok')] }),
    'signInProviders[0].name: "ok" has 2 characters; CloudFormation accepts 3 to 32.'],
  ['a SAML provider name with a space', () => ({ ...hosted, signInProviders: [SignInProvider.saml({ name: 'My IdP', metadata: cognito.UserPoolIdentityProviderSamlMetadata.url('https://idp.example.com/m') })] }),
    'signInProviders[0].name: "My IdP" may only contain letters, digits and punctuation, no spaces, no "_" at the ends.'],
  ['two providers with one name', () => ({ ...hosted, signInProviders: [google(), google()] }),
    'signInProviders[1]: a provider named "Google" is already declared; declare each provider once (and give OIDC and SAML providers their own names).'],
  ['a provider with an empty client id', () => ({ ...hosted, signInProviders: [SignInProvider.google({ clientId: ' ', clientSecret: SecretValue.secretsManager('g') })] }),
    'signInProviders[0].clientId: is empty; give the value the provider issued.'],
  ['an OIDC issuer URL over http', () => ({ ...hosted, signInProviders: [oidc('Okta', 'http://okta.example.com')] }),
    'signInProviders[0].issuerUrl: "http://okta.example.com" must be an https URL (Cognito reads <issuer>/.well-known/openid-configuration).'],
  ['a provider with no scopes', () => ({ ...hosted, signInProviders: [SignInProvider.google({ clientId: 'id', clientSecret: SecretValue.secretsManager('g'), scopes: [] })] }),
    'signInProviders[0].scopes: is empty; give the scopes to ask for, or leave it out for the provider\'s defaults.'],
  // sign-in: managed login
  ['managed login without the hosted sign-in', () => ({ managedLoginBranding: ManagedLoginBranding.cognitoDefault() }),
    'callbackUrls: is not given, so there is no hosted sign-in, so managedLoginBranding would configure nothing; remove it, or add callbackUrls.'],
  ['branding with the classic hosted UI', () => ({ ...hosted, managedLoginVersion: cognito.ManagedLoginVersion.CLASSIC_HOSTED_UI, managedLoginBranding: ManagedLoginBranding.cognitoDefault() }),
    'managedLoginBranding: styles managed login (version 2), but managedLoginVersion is CLASSIC_HOSTED_UI; remove one of them.'],
  ['branding settings that are not JSON', () => ({ ...hosted, managedLoginBranding: ManagedLoginBranding.custom({ settingsJson: '{nope' }) }),
    expect.stringMatching(/^managedLoginBranding\.settingsJson: is not JSON \(.+\); give the settings document the branding designer exports\.$/)],
  ['branding settings that are a list', () => ({ ...hosted, managedLoginBranding: ManagedLoginBranding.custom({ settingsJson: '[]' }) }),
    'managedLoginBranding.settingsJson: must be a JSON object ({ "components": ..., "categories": ... }).'],
  ['a branding asset of an unknown category', () => ({ ...hosted, managedLoginBranding: ManagedLoginBranding.custom({ settingsJson: '{}', assets: [{ ...ASSET, category: 'LOGO' }] }) }),
    'managedLoginBranding.assets[0].category: "LOGO" is not one of FAVICON_ICO, FAVICON_SVG, EMAIL_GRAPHIC, SMS_GRAPHIC, AUTH_APP_GRAPHIC, PASSWORD_GRAPHIC, PASSKEY_GRAPHIC, PAGE_HEADER_LOGO, PAGE_HEADER_BACKGROUND, PAGE_FOOTER_LOGO, PAGE_FOOTER_BACKGROUND, PAGE_BACKGROUND, FORM_BACKGROUND, FORM_LOGO, IDP_BUTTON_ICON.'],
  // sign-in: the custom sign-in domain
  ['a sign-in certificate without a sign-in domain', (s) => ({ signInCertificate: usEast1Certificate(s) }),
    'signInCertificate: needs signInDomainName; add signInDomainName, or remove it.'],
  ['a sign-in domain with a scheme', () => ({ signInDomainName: 'https://auth.example.com' }),
    'signInDomainName: "https://auth.example.com" is not a domain name; write it like "auth.example.com" (no scheme, no path).'],
  ['a sign-in domain over 63 characters', () => ({ signInDomainName: `${'a'.repeat(60)}.example.com` }),
    'signInDomainName: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa..." has 72 characters; CloudFormation accepts 1 to 63.'],
  ['a sign-in domain and a domain prefix', (s) => ({ signInDomainName: 'auth.example.com', signInCertificate: usEast1Certificate(s), domainPrefix: 'my-app' }),
    'signInDomainName: and domainPrefix both name the pool\'s sign-in domain; keep one (the custom domain replaces the prefix domain).'],
  ['a sign-in certificate outside us-east-1', (s) => ({ signInDomainName: 'auth.example.com', signInCertificate: acm.Certificate.fromCertificateArn(s, 'C', 'arn:aws:acm:eu-west-1:123456789012:certificate/abc') }),
    'signInCertificate: is in eu-west-1; Cognito serves custom sign-in domains through CloudFront, which only takes certificates from us-east-1: request the certificate there and pass it (e.g. Certificate.fromCertificateArn()).'],
  ['a sign-in domain outside us-east-1 without a certificate', (s) => ({ signInDomainName: 'auth.example.com', signInHostedZone: zone(s) }),
    'signInDomainName: needs a certificate in us-east-1 (Cognito serves custom sign-in domains through CloudFront), and the construct can only create one in a us-east-1 stack with signInHostedZone; this is eu-west-1: pass signInCertificate (created in us-east-1, e.g. in a stack with crossRegionReferences), or deploy this stack to us-east-1 with signInHostedZone.'],
  // sign-in: first factors
  ['an empty sign-in method list', () => ({ signInMethods: [] }),
    'signInMethods: is empty; list the first factors users may choose, e.g. [SignInMethod.PASSWORD, SignInMethod.PASSKEY], or leave it out.'],
  ['a sign-in method listed twice', () => ({ signInMethods: [SignInMethod.PASSWORD, SignInMethod.PASSWORD] }),
    'signInMethods: lists a method twice; list each once.'],
  ['sign-in methods without the password', () => ({ signInMethods: [SignInMethod.SMS_OTP] }),
    'signInMethods: must include SignInMethod.PASSWORD: Cognito keeps password sign-in on with choice-based sign-in.'],
  ['passwordless sign-in on the LITE plan', () => ({ featurePlan: cognito.FeaturePlan.LITE, signInMethods: [SignInMethod.PASSWORD, SignInMethod.SMS_OTP] }),
    'signInMethods: SMS_OTP need the ESSENTIALS or PLUS feature plan; the LITE plan only signs in with passwords. Use FeaturePlan.ESSENTIALS (the default).'],
  ['passwordless sign-in with MFA required', () => ({ mfa: cognito.Mfa.REQUIRED, signInMethods: [SignInMethod.PASSWORD, SignInMethod.SMS_OTP] }),
    'signInMethods: SMS_OTP are refused by Cognito in a pool where MFA is required; use Mfa.OPTIONAL (the default), or sign in with passwords only.'],
  ['email one-time codes without SES', () => ({ signInMethods: [SignInMethod.PASSWORD, SignInMethod.EMAIL_OTP] }),
    'signInMethods: SignInMethod.EMAIL_OTP needs the pool to send email with Amazon SES; set email: UserPoolEmail.withSES({ fromEmail, ... }) (Cognito\'s own sender cannot send sign-in codes).'],
  ['passkeys without a relying party', () => ({ signInMethods: [SignInMethod.PASSWORD, SignInMethod.PASSKEY] }),
    'signInMethods: SignInMethod.PASSKEY needs a relying party (the domain passkeys belong to); set signInDomainName (your sign-in domain), domainPrefix, or passkeyRelyingPartyId (your app\'s domain, for sign-in through the API only).'],
  ['a relying party without passkeys', () => ({ passkeyRelyingPartyId: 'example.com' }),
    'signInMethods: does not include SignInMethod.PASSKEY, so passkeyRelyingPartyId would configure nothing; remove it, or add signInMethods with SignInMethod.PASSKEY.'],
  ['sign-in methods without passkeys and a relying party', () => ({ signInMethods: [SignInMethod.PASSWORD], passkeyRelyingPartyId: 'example.com' }),
    'signInMethods: does not include SignInMethod.PASSKEY, so passkeyRelyingPartyId would configure nothing; remove it, or add SignInMethod.PASSKEY to signInMethods.'],
  ['a relying party that is not the custom sign-in domain', (s) => ({ ...hosted, signInDomainName: 'auth.example.com', signInCertificate: usEast1Certificate(s), signInMethods: [SignInMethod.PASSWORD, SignInMethod.PASSKEY], passkeyRelyingPartyId: 'example.com' }),
    'passkeyRelyingPartyId: is "example.com", but with the hosted sign-in on a custom domain Cognito requires the relying party to be that domain ("auth.example.com"); remove passkeyRelyingPartyId.'],
  ['a prefix domain too long to be a relying party', () => ({ domainPrefix: 'a-very-long-domain-prefix-for-passkeys', signInMethods: [SignInMethod.PASSWORD, SignInMethod.PASSKEY] }),
    'passkeyRelyingPartyId: is the prefix domain\'s host name "a-very-long-domain-prefix-for-passkeys.auth.eu-west-1.amazoncognito.com" (71 characters), longer than the 63 CloudFormation accepts; set passkeyRelyingPartyId (e.g. your app\'s domain) or a shorter domainPrefix.'],
  ['a relying party over 63 characters', () => ({ domainPrefix: 'x', signInMethods: [SignInMethod.PASSWORD, SignInMethod.PASSKEY], passkeyRelyingPartyId: `${'a'.repeat(60)}.com` }),
    'passkeyRelyingPartyId: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa..." has 64 characters; CloudFormation accepts 1 to 63.'],
  // sign-in: threat protection
  ['threat protection without PLUS', () => ({ standardThreatProtectionMode: cognito.StandardThreatProtectionMode.AUDIT_ONLY }),
    'standardThreatProtectionMode: threat protection needs featurePlan: FeaturePlan.PLUS (a paid plan); this pool is on ESSENTIALS.'],
  ['a web ACL ARN that is not one', () => ({ userPoolWebAclArn: 'arn:aws:wafv2:eu-west-1:123456789012:regional/ipset/x/y' }),
    'userPoolWebAclArn: "arn:aws:wafv2:eu-west-1:123456789012:regional/ipset/x/y" is not a web ACL ARN; give one like "arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>" (the web ACL\'s Arn attribute).'],
  ['a CloudFront web ACL for the pool', () => ({ userPoolWebAclArn: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/0123' }),
    'userPoolWebAclArn: is a global (CloudFront) web ACL; a user pool takes a REGIONAL web ACL in its own region.'],
  // sign-in: attributes, rotation, password history
  ['a custom attribute name over 20 characters', () => ({ customAttributes: { subscriptionTierLevel: new cognito.StringAttribute() } }),
    'customAttributes: "subscriptionTierLevel" has 21 characters; CloudFormation accepts 1 to 20.'],
  ['a custom attribute length that is a fraction', () => ({ customAttributes: { tier: new cognito.StringAttribute({ maxLen: 2.5 }) } }),
    'customAttributes.tier.maxLen: is 2.5; CloudFormation accepts whole numbers from 0 to 2048.'],
  ['a custom attribute minimum above its maximum', () => ({ customAttributes: { age: new cognito.NumberAttribute({ min: 10, max: 5 }) } }),
    'customAttributes.age.min: is 10, above the maximum 5; make it at most the maximum.'],
  ['a client attribute that is not declared', () => ({ clientReadAttributes: new cognito.ClientAttributes().withCustomAttributes('tier') }),
    'clientReadAttributes: names custom:tier, which is not in customAttributes (none declared); declare it there or remove it.'],
  ['a client attribute with a typo', () => ({ customAttributes: { tiers: new cognito.StringAttribute(), plan: new cognito.StringAttribute() }, clientWriteAttributes: new cognito.ClientAttributes().withCustomAttributes('tier') }),
    'clientWriteAttributes: names custom:tier, which is not in customAttributes (declared: custom:tiers, custom:plan); did you mean "custom:tiers"?'],
  ['a client attribute far from the declared ones', () => ({ customAttributes: { plan: new cognito.StringAttribute() }, clientReadAttributes: new cognito.ClientAttributes().withCustomAttributes('region') }),
    'clientReadAttributes: names custom:region, which is not in customAttributes (declared: custom:plan); declare it there or remove it.'],
  ['a writable immutable attribute', () => ({ customAttributes: { tier: new cognito.StringAttribute({ mutable: false }) }, clientWriteAttributes: new cognito.ClientAttributes().withCustomAttributes('tier') }),
    'clientWriteAttributes: names custom:tier, which is immutable (written once, at sign-up, by an administrator); remove it, or make the attribute mutable.'],
  ['a refresh-token grace period above 60 seconds', () => ({ refreshTokenRotationGracePeriod: Duration.minutes(2) }),
    'refreshTokenRotationGracePeriod: is 120 s; CloudFormation accepts whole numbers from 0 to 60 s.'],
  ['an access token validity in fractions of a minute', () => ({ accessTokenValidity: Duration.seconds(330) }),
    'accessTokenValidity: is 5 minutes 30 seconds; CloudFormation takes it in whole minutes, e.g. Duration.minutes(6).'],
  ['a temporary password validity in fractions of a day', () => ({ passwordPolicy: { tempPasswordValidity: Duration.hours(36) } }),
    'passwordPolicy.tempPasswordValidity: is 1 day 12 hours; CloudFormation takes it in whole days, e.g. Duration.days(2).'],
  ['a password history size that is a fraction', () => ({ passwordPolicy: { passwordHistorySize: 0.5 } }),
    'passwordPolicy.passwordHistorySize: is 0.5; CloudFormation accepts whole numbers from 0 to 24.'],
  // monitoring
  ['a negative 5xx rate', () => ({ monitoring: { serverErrorRate: -1 } }),
    'monitoring.serverErrorRate: is -1; give a share of the requests from 0 to 1 (0.05 is 5%).'],
  ['a 4xx rate above 1', () => ({ monitoring: { clientErrorRate: 5 } }),
    'monitoring.clientErrorRate: is 5; give a share of the requests from 0 to 1 (0.05 is 5%).'],
  ['a duration ratio of 0', () => ({ monitoring: { functionDurationRatio: 0 } }),
    'monitoring.functionDurationRatio: is 0; give a share of the function\'s timeout above 0 and at most 1 (0.9 is 90%).'],
  ['a duration ratio above 1', () => ({ monitoring: { functionDurationRatio: 1.5 } }),
    'monitoring.functionDurationRatio: is 1.5; give a share of the function\'s timeout above 0 and at most 1 (0.9 is 90%).'],
  ['a duration ratio given as a token', (s) => ({ monitoring: { functionDurationRatio: new CfnParameter(s, 'Ratio', { type: 'Number' }).valueAsNumber } }),
    'monitoring.functionDurationRatio: is a token (a parameter or a reference); give a number, e.g. 0.9: the construct multiplies it by each function\'s timeout at synthesis.'],
  ['a latency threshold of 0', () => ({ monitoring: { latencyP90: Duration.millis(0) } }),
    'monitoring.latencyP90: is 0 millis; give a latency above 0, e.g. Duration.millis(2500).'],
  ['a zero alarm period', () => ({ monitoring: { period: Duration.minutes(0) } }),
    'monitoring.period: is 0 minutes; give a whole number of minutes, at least Duration.minutes(1) (the metrics are published per minute).'],
  ['an alarm period in seconds', () => ({ monitoring: { period: Duration.seconds(90) } }),
    'monitoring.period: is 1 minute 30 seconds; give a whole number of minutes, at least Duration.minutes(1) (the metrics are published per minute).'],
  ['a dashboard name with a space', () => ({ monitoring: { dashboardName: 'blog api' } }),
    'monitoring.dashboardName: "blog api" may only contain letters, digits, "-" and "_" (1 to 255 of them).'],
  ['a dashboard name without a dashboard', () => ({ monitoring: { dashboard: false, dashboardName: 'blog' } }),
    'monitoring.dashboard: is false, so dashboardName would configure nothing; remove it, or remove dashboard: false.'],
];

test.each(cases)('rejects %s', (_, props, message) => {
  const stack = newStack();
  const error = catchError(() => new CognitoProtectedHttpApi(stack, 'Api', props(stack)));
  expect(error).toBeInstanceOf(Error);
  expect(error).not.toBeInstanceOf(TypeError);
  if (typeof message === 'string') {
    expect((error as Error).message).toBe(`CognitoProtectedHttpApi: ${message}`);
  } else {
    expect((error as Error).message.replace(/^CognitoProtectedHttpApi: /, '')).toEqual(message);
  }
});

test('the table covers at least 40 invalid inputs', () => {
  expect(cases.length).toBeGreaterThanOrEqual(40);
});

test('addRoute() and addMachineClient() name themselves in their errors', () => {
  const stack = newStack();
  const api = new CognitoProtectedHttpApi(stack, 'Api', routes(stack, { path: '/items' }));
  expect(() => api.addRoute({ path: '/items', handler: inlineFunction(stack, 'Again') })).toThrow(
    'CognitoProtectedHttpApi: addRoute(): route GET /items is declared twice; declare each method and path once.',
  );
  expect(() => api.addMachineClient({ name: 'x', scopes: [] })).toThrow('CognitoProtectedHttpApi: addMachineClient().scopes: is empty;');
  expect(() => api.addRoute({ path: '/x', handler: inlineFunction(stack, 'X'), authorization: RouteAuthorization.signedIn({ scopes: ['api/x'] }) })).toThrow(
    new Error('CognitoProtectedHttpApi: addRoute().authorization: scope "api/x" is not one of the API\'s scopes (none declared); declare it in apiScopes ({ name: \'x\' }, which tokens carry as "api/x").'),
  );
  expect(() => api.addMachineClient({ name: 'x', scopes: ['api/x'] })).toThrow(
    new Error('CognitoProtectedHttpApi: addMachineClient().scopes: scope "api/x" is not one of the API\'s scopes (none declared); declare it in apiScopes ({ name: \'x\' }, which tokens carry as "api/x").'),
  );
});

test.each([
  ['grantReadMachineClientSecret()', 'nobody', 'no machine client is named "nobody" (machine clients: reporting, plain); give the name passed to addMachineClient() or machineClients.'],
  ['grantReadMachineClientSecret()', 'plain', 'the machine client "plain" stores no secret; set storeSecret: true in its options.'],
])('%s rejects the machine client "%s"', (method, name, message) => {
  const stack = newStack();
  const api = new CognitoProtectedHttpApi(stack, 'Api', {
    apiScopes: [{ name: 'a' }],
    machineClients: [{ name: 'reporting', scopes: ['api/a'], storeSecret: true }, { name: 'plain', scopes: ['api/a'] }],
  });
  const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
  const error = catchError(() => api.grantReadMachineClientSecret(name, role));
  expect(error).toBeInstanceOf(Error);
  expect((error as Error).message).toBe(`CognitoProtectedHttpApi: ${method}: ${message}`);
});

test.each([
  ['a path no route has', '/nope', undefined,
    'there is no route of any method /nope (routes: GET /me, GET /internal); add the route first (routes or addRoute()) with authorization: RouteAuthorization.iam(), then grant it.'],
  ['a method the path does not have', '/internal', HttpMethod.POST,
    'there is no route POST /internal (routes: GET /me, GET /internal); add the route first (routes or addRoute()) with authorization: RouteAuthorization.iam(), then grant it.'],
  ['a route that is not IAM-authorized', '/me', HttpMethod.GET,
    'route GET /me is not IAM-authorized (signed-in): its callers send tokens, so an execute-api:Invoke grant would allow nothing; give the route authorization: RouteAuthorization.iam(), or remove the grant.'],
])('grantInvoke() refuses %s', (_, path, method, message) => {
  const stack = newStack();
  const handler = inlineFunction(stack, 'Handler');
  const api = new CognitoProtectedHttpApi(stack, 'Api', {
    routes: [{ path: '/me', handler }, { path: '/internal', handler, authorization: RouteAuthorization.iam() }],
  });
  const role = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
  expect(() => api.grantInvoke(role, path, method)).toThrow(new Error(`CognitoProtectedHttpApi: grantInvoke(): ${message}`));
});

test('grantInvoke() without a path refuses an API without IAM routes', () => {
  const stack = newStack();
  const api = new CognitoProtectedHttpApi(stack, 'Api', routes(stack, { path: '/me' }));
  expect(() => api.grantInvoke(new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() }))).toThrow(new Error(
    'CognitoProtectedHttpApi: grantInvoke(): no route is IAM-authorized, so there is nothing to grant; give a route authorization: RouteAuthorization.iam() first.'));
});

test('addMachineClient() with claims after group routes asks for the client up front', () => {
  const stack = newStack();
  const api = new CognitoProtectedHttpApi(stack, 'Api', {
    apiScopes: [{ name: 'a' }],
    groups: [{ name: 'admin' }],
    ...routes(stack, { path: '/admin', authorization: RouteAuthorization.inGroups(['admin']) }),
  });
  expect(() => api.addMachineClient({ name: 'm', scopes: ['api/a'], claims: { tenant: 'acme' } })).toThrow(new Error(
    'CognitoProtectedHttpApi: addMachineClient().claims: needs the pool\'s pre-token-generation trigger at event version 3, but group routes already added its version-2 trigger; '
    + 'declare machine clients with claims in machineClients (or add them before the group routes).'));
});

test('an API without machine clients says so', () => {
  const stack = newStack();
  const api = new CognitoProtectedHttpApi(stack, 'Api');
  const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
  expect(() => api.grantReadMachineClientSecret('x', role)).toThrow(
    'CognitoProtectedHttpApi: grantReadMachineClientSecret(): no machine client is named "x" (none added); give the name passed to addMachineClient() or machineClients.',
  );
});

test.each([
  ['memory above 32768 MB', { memorySize: 40_000 }, 'WhoamiFunction: memorySize: is 40000 MB; CloudFormation accepts whole numbers from 128 to 32768 MB.'],
  ['a timeout above 15 minutes', { timeout: Duration.minutes(16) }, 'WhoamiFunction: timeout: is 960 s; CloudFormation accepts whole numbers from 1 to 900 s.'],
])('WhoamiFunction rejects %s', (_name, props, message) => {
  const error = catchError(() => new WhoamiFunction(newStack(), 'Fn', props));
  expect(error).toBeInstanceOf(Error);
  expect((error as Error).message).toBe(message);
});

const hosted = { callbackUrls: ['https://app.example.com/cb'] };
const ASSET = { category: 'PAGE_HEADER_LOGO', colorMode: 'LIGHT', extension: 'PNG', bytes: 'iVBORw0KGgo=' };

function google(): SignInProvider {
  return SignInProvider.google({ clientId: 'google-client', clientSecret: SecretValue.secretsManager('google') });
}

function ssmSecure(): SecretValue {
  return SecretValue.ssmSecure('/sign-in/secret');
}

function oidc(name: string, issuerUrl = 'https://login.example.com'): SignInProvider {
  return SignInProvider.oidc({ name, clientId: 'client', clientSecret: SecretValue.secretsManager('oidc'), issuerUrl });
}

function usEast1Certificate(stack: Stack): acm.ICertificate {
  return acm.Certificate.fromCertificateArn(stack, 'SignInCert', 'arn:aws:acm:us-east-1:123456789012:certificate/abc');
}

function zone(stack: Stack): route53.IHostedZone {
  return route53.HostedZone.fromHostedZoneAttributes(stack, 'SignInZone', { hostedZoneId: 'Z1', zoneName: 'example.com' });
}

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

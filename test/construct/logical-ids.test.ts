import { Duration, SecretValue } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { CognitoProtectedHttpApiProps, RouteAuthorization, SignInMethod, SignInProvider } from '../../src';
import { inlineFunction, synth } from '../helpers';

/**
 * The pool and its user client hold user data: their logical ids are part of the contract. A change
 * of logical id makes CloudFormation create a new pool and drop the old one (with its users).
 */
const POOL = 'ApiUserPool5AB2526B';
const CLIENT = 'ApiUserPoolClientEE236541';

const ids = (template: Template, type: string) => Object.keys(template.findResources(type));

const variants: Array<[string, Parameters<typeof synth>[0]]> = [
  ['no props', () => ({})],
  ['routes of every kind', (s) => ({
    groups: [{ name: 'admin' }],
    routes: [
      { path: '/a', handler: inlineFunction(s, 'A') },
      { path: '/b', methods: [HttpMethod.POST], handler: inlineFunction(s, 'B'), authorization: RouteAuthorization.publicAccess() },
      { path: '/c', handler: inlineFunction(s, 'C'), authorization: RouteAuthorization.inGroups(['admin']) },
    ],
  })],
  ['logging and throttling changed', () => ({ accessLogRetention: logs.RetentionDays.ONE_WEEK, throttlingRateLimit: 5, throttlingBurstLimit: 10 })],
  ['access logging off', () => ({ accessLogging: false })],
  ['a custom domain', (s) => ({
    domainName: 'api.example.com',
    hostedZone: route53.HostedZone.fromHostedZoneAttributes(s, 'Zone', { hostedZoneId: 'Z1', zoneName: 'example.com' }),
  })],
  ['scopes, OAuth and machine clients', () => ({
    apiScopes: [{ name: 'items.read' }],
    callbackUrls: ['https://app.example.com/cb'],
    machineClients: [{ name: 'sync', scopes: ['api/items.read'] }],
    domainPrefix: 'my-app-login',
  })],
  ['sign-in: federation, managed login, passkeys, rotation, attributes', () => ({
    callbackUrls: ['https://app.example.com/cb'],
    domainPrefix: 'my-app-login',
    signInProviders: [SignInProvider.google({ clientId: 'g', clientSecret: SecretValue.secretsManager('g') })],
    signInMethods: [SignInMethod.PASSWORD, SignInMethod.PASSKEY],
    customAttributes: { tier: new cognito.StringAttribute({ mutable: true }) },
    refreshTokenRotationGracePeriod: Duration.seconds(10),
  })],
  ['CORS and API naming', () => ({ corsPreflight: { allowOrigins: ['https://app.example.com'] }, apiName: 'renamed', apiDescription: 'changed' })],
];

test.each(variants)('the pool and its client keep their logical ids with %s', (_, props) => {
  const { template } = synth(props as (s: any) => CognitoProtectedHttpApiProps);
  expect(ids(template, 'AWS::Cognito::UserPool')).toEqual([POOL]);
  expect(ids(template, 'AWS::Cognito::UserPoolClient')).toContain(CLIENT);
});

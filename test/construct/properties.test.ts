import * as fs from 'fs';
import * as path from 'path';
import { App, CfnParameter, Duration, SecretValue, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as fc from 'fast-check';
import { ApiRouteOptions, CognitoProtectedHttpApi, CognitoProtectedHttpApiProps, RouteAuthorization, SignInMethod, SignInProvider } from '../../src';
import { inlineFunction } from '../helpers';
import { boundaryValues, PROP_LIMITS, PropLimit } from './prop-limits';

/**
 * Property-based synth tests: random valid prop combinations must synthesize into templates that
 * keep the security invariants; random invalid ones must throw a clear `Error`. The run counts are
 * the CI budget (a few seconds each); FC_RUNS overrides them, FC_SEED replays a failure.
 */
const RUNS = Number(process.env.FC_RUNS ?? 200);
const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
const LINTED_SAMPLES = 50;
const dumpDir = process.env.TEMPLATE_DUMP_DIR;

// ------------------------------------------------------------------------------- generators

const METHODS = [HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.ANY];
const segment = fc.oneof(
  fc.stringMatching(/^[a-z][a-z0-9_.~-]{0,8}$/),
  fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,6}$/).map((name) => `{${name}}`),
);
const routePath = fc.tuple(fc.array(segment, { minLength: 0, maxLength: 3 }), fc.boolean())
  .map(([segments, greedy]) => `/${[...segments, ...(greedy ? ['{proxy+}'] : [])].join('/')}`)
  .map((p) => (p === '/' ? p : p.replace(/\/$/, '')));

type AuthKind = 'signedIn' | 'scoped' | 'group' | 'public';
interface RouteSpec { path: string; methods: HttpMethod[]; kind: AuthKind; handler: number }
interface Spec {
  importedPool: boolean;
  importedClients: boolean;
  scopeNames: string[];
  machineClient: boolean;
  groups: string[];
  routes: RouteSpec[];
  logging: 'default' | 'off' | 'retention';
  throttling?: [number, number];
  cors: boolean;
}

const validSpec: fc.Arbitrary<Spec> = fc.record({
  importedPool: fc.boolean(),
  importedClients: fc.boolean(),
  scopeNames: fc.uniqueArray(fc.stringMatching(/^[a-z]{1,8}\.(read|write)$/), { maxLength: 3 }),
  machineClient: fc.boolean(),
  groups: fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/), { maxLength: 3, selector: (name) => name.replace(/-/g, '') }),
  routes: fc.uniqueArray(
    fc.record({
      path: routePath,
      methods: fc.uniqueArray(fc.constantFrom(...METHODS), { minLength: 1, maxLength: 3 }),
      kind: fc.constantFrom<AuthKind>('signedIn', 'scoped', 'group', 'public'),
      handler: fc.integer({ min: 0, max: 2 }),
    }),
    { maxLength: 6, selector: (route) => route.path },
  ),
  logging: fc.constantFrom<Spec['logging']>('default', 'off', 'retention'),
  throttling: fc.option(fc.tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 5_000 })), { nil: undefined }),
  cors: fc.boolean(),
});

/** Turns a spec into props, downgrading authorization kinds the spec cannot support. */
function build(spec: Spec, stack: Stack): { props: CognitoProtectedHttpApiProps; declared: Array<{ key: string; isPublic: boolean }> } {
  const handlers = [0, 1, 2].map((i) => inlineFunction(stack, `Handler${i}`));
  const pool = spec.importedPool ? cognito.UserPool.fromUserPoolId(stack, 'Pool', 'eu-west-1_AbCdEf123') : undefined;
  const clients = pool && spec.importedClients ? [cognito.UserPoolClient.fromUserPoolClientId(stack, 'Client', 'clientid')] : undefined;
  const fullScopes = spec.scopeNames.map((name) => `api/${name}`);
  const machine = spec.machineClient && fullScopes.length > 0;
  const groupsUsable = !pool && spec.groups.length > 0;
  const declared: Array<{ key: string; isPublic: boolean }> = [];
  const routes: ApiRouteOptions[] = spec.routes.map((route) => {
    let authorization: RouteAuthorization;
    if (route.kind === 'public') {
      authorization = RouteAuthorization.publicAccess();
    } else if (route.kind === 'scoped' && machine) {
      authorization = RouteAuthorization.signedIn({ scopes: [fullScopes[0]] });
    } else if (route.kind === 'group' && groupsUsable) {
      authorization = RouteAuthorization.inGroups([spec.groups[0]]);
    } else {
      authorization = RouteAuthorization.signedIn();
    }
    route.methods.forEach((method) => declared.push({ key: `${method} ${route.path}`, isPublic: authorization.isPublic }));
    return { path: route.path, methods: route.methods, handler: handlers[route.handler], authorization };
  });
  return {
    declared,
    props: {
      userPool: pool,
      userPoolClients: clients,
      apiScopes: spec.scopeNames.length ? spec.scopeNames.map((name) => ({ name })) : undefined,
      machineClients: machine ? [{ name: 'machine', scopes: [fullScopes[0]] }] : undefined,
      groups: pool ? undefined : spec.groups.map((name) => ({ name })),
      routes,
      accessLogging: spec.logging === 'off' ? false : undefined,
      accessLogRetention: spec.logging === 'retention' ? logs.RetentionDays.TWO_WEEKS : undefined,
      throttlingRateLimit: spec.throttling?.[0],
      throttlingBurstLimit: spec.throttling?.[1],
      corsPreflight: spec.cors ? { allowOrigins: ['https://app.example.com'] } : undefined,
    },
  };
}

// ------------------------------------------------------------------------------- properties

let synthesized = 0;

test(`valid props always synthesize into a template that keeps the invariants (${RUNS} runs)`, () => {
  fc.assert(fc.property(validSpec, (spec) => {
    const app = new App({ analyticsReporting: false });
    const stack = new Stack(app, 'Fuzz', { env: { account: '123456789012', region: 'eu-west-1' } });
    const { props, declared } = build(spec, stack);
    new CognitoProtectedHttpApi(stack, 'Api', props);
    const json = app.synth().getStackByName('Fuzz').template;
    if (dumpDir && synthesized < LINTED_SAMPLES) {
      fs.mkdirSync(dumpDir, { recursive: true });
      fs.writeFileSync(path.join(dumpDir, `properties-${synthesized}.template.json`), JSON.stringify(json));
    }
    synthesized++;
    checkInvariants(Template.fromJSON(json), declared, spec);
  }), { numRuns: RUNS, seed: SEED });
});

function checkInvariants(template: Template, declared: Array<{ key: string; isPublic: boolean }>, spec: Spec): void {
  const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: any; DeletionPolicy?: string }>;
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  const [[apiId]] = ofType('AWS::ApiGatewayV2::Api');
  const routes = ofType('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);

  for (const route of routes) {
    const wanted = declared.find((d) => d.key === route.RouteKey);
    const isPreflight = spec.cors && route.RouteKey.startsWith('OPTIONS ') && !wanted;
    // No route is open unless it was declared public (or is a generated CORS preflight route).
    expect({ key: route.RouteKey, type: route.AuthorizationType }).toEqual({
      key: route.RouteKey,
      type: wanted?.isPublic || isPreflight ? 'NONE' : 'JWT',
    });
    if (route.AuthorizationType === 'JWT') {
      expect(route.AuthorizerId).toEqual({ Ref: expect.stringMatching(/^ApiHttpApiUserPoolAuthorizer/) });
    }
    // Every route's function may be invoked by this API (any route and stage of it), in this account.
    const integrationId = route.Target['Fn::Join'][1][1].Ref;
    const functionArn = resources[integrationId].Properties.IntegrationUri;
    const permitted = ofType('AWS::Lambda::Permission').filter(([, p]) =>
      JSON.stringify(p.Properties.FunctionName) === JSON.stringify(functionArn)
      && p.Properties.Principal === 'apigateway.amazonaws.com'
      && p.Properties.SourceAccount !== undefined
      && JSON.stringify(p.Properties.SourceArn).endsWith(`{"Ref":"${apiId}"},"/*/*"]]}`));
    // ... by exactly one permission, whatever the number of its routes.
    expect({ route: route.RouteKey, permissions: permitted.length }).toEqual({ route: route.RouteKey, permissions: 1 });
  }
  // Every declared route exists.
  expect(routes.map((r) => r.RouteKey)).toEqual(expect.arrayContaining(declared.map((d) => d.key)));
  // A pool the construct creates is always kept.
  for (const [, pool] of ofType('AWS::Cognito::UserPool')) {
    expect(pool.DeletionPolicy).toBe('Retain');
    expect(pool.Properties.DeletionProtection).toBe('ACTIVE');
  }
}

/** Invalid variations: each turns valid props into props that must be refused with a clear Error. */
const breakers: Array<[string, (props: CognitoProtectedHttpApiProps, stack: Stack, junk: string) => CognitoProtectedHttpApiProps]> = [
  ['path without slash', (p, s, j) => ({ ...p, routes: [{ path: `x${j}`, handler: inlineFunction(s, 'Bad') }] })],
  ['path with space', (p, s, j) => ({ ...p, routes: [{ path: `/a ${j}`, handler: inlineFunction(s, 'Bad') }] })],
  ['greedy not last', (p, s, j) => ({ ...p, routes: [{ path: `/{p+}/${j.replace(/\W/g, '') || 'x'}`, handler: inlineFunction(s, 'Bad') }] })],
  ['no methods', (p, s) => ({ ...p, routes: [{ path: '/a', methods: [], handler: inlineFunction(s, 'Bad') }] })],
  ['duplicate route', (p, s) => ({ ...p, routes: [{ path: '/dup', handler: inlineFunction(s, 'Bad') }, { path: '/dup', handler: inlineFunction(s, 'Bad2') }] })],
  ['scope with space', (p, _s, j) => ({ ...p, apiScopes: [{ name: `a ${j}` }] })],
  ['short access token', (p, _s, j) => ({ ...p, userPool: undefined, userPoolClients: undefined, accessTokenValidity: Duration.seconds(j.length % 299) })],
  ['long ID token', (p, _s, j) => ({ ...p, userPool: undefined, userPoolClients: undefined, idTokenValidity: Duration.hours(25 + j.length) })],
  ['bad domain prefix', (p, _s, j) => ({ ...p, domainPrefix: `-${j}` })],
  ['reserved domain prefix', (p) => ({ ...p, domainPrefix: 'aws-login' })],
  ['negative rate', (p, _s, j) => ({ ...p, throttlingRateLimit: -1 - j.length })],
  ['burst without rate', (p) => ({ ...p, throttlingRateLimit: undefined, throttlingBurstLimit: 5 })],
  ['http callback', (p, _s, j) => ({ ...p, userPool: undefined, userPoolClients: undefined, callbackUrls: [`http://example.com/${encodeURIComponent(j)}`] })],
  ['group with space', (p, _s, j) => ({ ...p, userPool: undefined, userPoolClients: undefined, groups: [{ name: `g ${j}` }] })],
  ['groups differing in punctuation only', (p) => ({ ...p, userPool: undefined, userPoolClients: undefined, groups: [{ name: 'a-b' }, { name: 'ab' }] })],
  ['undeclared group', (p, s) => ({ ...p, userPool: undefined, userPoolClients: undefined, groups: undefined, routes: [{ path: '/g', handler: inlineFunction(s, 'Bad'), authorization: RouteAuthorization.inGroups(['nobody']) }] })],
  ['CORS credentials with *', (p) => ({ ...p, corsPreflight: { allowCredentials: true, allowOrigins: ['*'] } })],
  ['orphan clients', (p, s) => ({ ...p, userPool: undefined, userPoolClients: [cognito.UserPoolClient.fromUserPoolClientId(s, 'Orphan', 'x')] })],
  ['plain-text provider secret', (p, _s, j) => ({
    ...p,
    userPool: undefined,
    userPoolClients: undefined,
    callbackUrls: ['https://app.example.com/cb'],
    signInProviders: [SignInProvider.google({ clientId: 'g', clientSecret: SecretValue.unsafePlainText(`s${j}`) })],
  })],
  ['federation without callback URLs', (p) => ({
    ...p,
    userPool: undefined,
    userPoolClients: undefined,
    callbackUrls: undefined,
    logoutUrls: undefined,
    signInProviders: [SignInProvider.google({ clientId: 'g', clientSecret: SecretValue.secretsManager('g') })],
  })],
  ['passwordless on LITE', (p) => ({
    ...p,
    userPool: undefined,
    userPoolClients: undefined,
    groups: undefined,
    featurePlan: cognito.FeaturePlan.LITE,
    signInMethods: [SignInMethod.PASSWORD, SignInMethod.SMS_OTP],
  })],
  ['fractional password history', (p, _s, j) => ({ ...p, userPool: undefined, userPoolClients: undefined, passwordPolicy: { passwordHistorySize: 0.5 + (j.length % 20) } })],
  ['machine client scope undeclared', (p, _s, j) => ({ ...p, machineClients: [{ name: 'm', scopes: [`nope/${j}`] }] })],
];

test(`invalid props always throw a clear Error (${RUNS} runs)`, () => {
  fc.assert(fc.property(validSpec, fc.constantFrom(...breakers), fc.string({ maxLength: 12 }), (spec, [, breakProps], junk) => {
    const stack = new Stack(new App({ analyticsReporting: false }), 'Fuzz');
    const props = breakProps(build(spec, stack).props, stack, junk);
    let error: unknown;
    try {
      new CognitoProtectedHttpApi(stack, 'Api', props);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/^CognitoProtectedHttpApi: [\w.[\]()]+: .+/);
  }), { numRuns: RUNS, seed: SEED });
});

/**
 * Values at and just past each limit the construct shares with CloudFormation's schemas and the
 * services (`prop-limits.ts`), set over random valid props: at a bound the stack synthesizes and keeps
 * the invariants; past it the construct refuses it with an Error that names the prop.
 */
const boundaryCase = fc.constantFrom(...Object.values(PROP_LIMITS) as PropLimit[]).chain((entry) => {
  const { accepted, refused } = boundaryValues(entry);
  return fc.oneof(
    fc.constantFrom(...accepted).map((value) => ({ entry, value, accepted: true })),
    fc.constantFrom(...refused).map((value) => ({ entry, value, accepted: false })),
  );
});

test(`values at a schema or service boundary are accepted, values just past it refused, whatever the other props (${RUNS} runs)`, () => {
  fc.assert(fc.property(validSpec, boundaryCase, (randomSpec, { entry, value, accepted }) => {
    // The limited props belong to a pool the construct creates; a list the props replace is theirs alone.
    const spec: Spec = {
      ...randomSpec,
      importedPool: false,
      groups: entry.replaces === 'groups' ? [] : randomSpec.groups,
      scopeNames: entry.replaces === 'apiScopes' ? [] : randomSpec.scopeNames,
    };
    const app = new App({ analyticsReporting: false });
    const stack = new Stack(app, 'Fuzz', { env: { account: '123456789012', region: 'eu-west-1' } });
    const { props, declared } = build(spec, stack);
    const limited = { ...props, ...entry.props(value) };
    const create = () => new CognitoProtectedHttpApi(stack, 'Api', limited);
    if (accepted) {
      create();
      checkInvariants(Template.fromStack(stack), declared, { ...spec, cors: limited.corsPreflight !== undefined });
    } else {
      const escaped = entry.prop.replace(/[[\].]/g, '\\$&');
      expect(create).toThrow(new RegExp(`^CognitoProtectedHttpApi: ${escaped}: `));
    }
  }), { numRuns: RUNS, seed: SEED });
});

/**
 * Random sign-in configurations of the construct's pool (providers, first factors, managed login,
 * rotation, attributes) always synthesize, and the user client always lists every provider and
 * depends on it, has ALLOW_USER_AUTH exactly when first factors are chosen, and never holds a secret.
 */
const SIGN_IN_RUNS = Math.max(1, Math.round(RUNS / 4));
const providerFactories = {
  google: () => SignInProvider.google({ clientId: 'g', clientSecret: SecretValue.secretsManager('google') }),
  apple: () => SignInProvider.apple({ clientId: 'a', teamId: 'T', keyId: 'K', privateKey: SecretValue.secretsManager('apple-key') }),
  facebook: () => SignInProvider.facebook({ clientId: 'f', clientSecret: SecretValue.secretsManager('facebook') }),
  amazon: () => SignInProvider.amazon({ clientId: 'z', clientSecret: SecretValue.secretsManager('amazon') }),
  oidc: () => SignInProvider.oidc({ name: 'Okta', clientId: 'o', clientSecret: SecretValue.secretsManager('okta'), issuerUrl: 'https://okta.example.com' }),
  saml: () => SignInProvider.saml({ name: 'Entra', metadata: cognito.UserPoolIdentityProviderSamlMetadata.url('https://idp.example.com/metadata') }),
};
const signInSpec = fc.record({
  providers: fc.subarray(Object.keys(providerFactories) as Array<keyof typeof providerFactories>),
  methods: fc.option(fc.subarray([SignInMethod.EMAIL_OTP, SignInMethod.SMS_OTP, SignInMethod.PASSKEY]), { nil: undefined }),
  classic: fc.boolean(),
  grace: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
  attributes: fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9_]{0,19}$/), { maxLength: 3 }),
});

test(`sign-in configurations always synthesize with every provider listed and depended on (${SIGN_IN_RUNS} runs)`, () => {
  fc.assert(fc.property(signInSpec, (spec) => {
    const stack = new Stack(new App({ analyticsReporting: false }), 'Fuzz', { env: { account: '123456789012', region: 'eu-west-1' } });
    new CognitoProtectedHttpApi(stack, 'Api', {
      callbackUrls: ['https://app.example.com/cb'],
      domainPrefix: 'fuzz-login',
      email: cognito.UserPoolEmail.withSES({ fromEmail: 'no-reply@example.com' }),
      signInProviders: spec.providers.map((name) => providerFactories[name]()),
      signInMethods: spec.methods ? [SignInMethod.PASSWORD, ...spec.methods] : undefined,
      managedLoginVersion: spec.classic ? cognito.ManagedLoginVersion.CLASSIC_HOSTED_UI : undefined,
      refreshTokenRotationGracePeriod: spec.grace === undefined ? undefined : Duration.seconds(spec.grace),
      customAttributes: Object.fromEntries(spec.attributes.map((name) => [name, new cognito.StringAttribute({ mutable: true })])),
    });
    const template = Template.fromStack(stack).toJSON();
    const resources = Object.entries(template.Resources as Record<string, any>);
    const providerIds = resources.filter(([, r]) => r.Type === 'AWS::Cognito::UserPoolIdentityProvider').map(([id]) => id);
    const [client] = resources.filter(([, r]) => r.Type === 'AWS::Cognito::UserPoolClient').map(([, r]) => r);
    expect(providerIds).toHaveLength(spec.providers.length);
    expect(client.Properties.SupportedIdentityProviders).toHaveLength(spec.providers.length + 1);
    expect(client.DependsOn ?? []).toEqual(expect.arrayContaining(providerIds));
    expect(client.Properties.ExplicitAuthFlows.includes('ALLOW_USER_AUTH')).toBe(spec.methods !== undefined);
    expect(client.Properties.ExplicitAuthFlows.includes('ALLOW_REFRESH_TOKEN_AUTH')).toBe(spec.grace === undefined);
    expect(resources.filter(([, r]) => r.Type === 'AWS::Cognito::ManagedLoginBranding')).toHaveLength(spec.classic ? 0 : 1);
    // Secrets stay dynamic references: no provider detail is a plain client secret or private key.
    for (const [, provider] of resources.filter(([, r]) => r.Type === 'AWS::Cognito::UserPoolIdentityProvider')) {
      for (const key of ['client_secret', 'private_key']) {
        const value = provider.Properties.ProviderDetails[key];
        if (value !== undefined) expect(JSON.stringify(value)).toMatch(/\{\{resolve:secretsmanager:/);
      }
    }
  }), { numRuns: SIGN_IN_RUNS, seed: SEED });
});

/**
 * Whatever kind of SecretValue a provider's secret is, it reaches the template only as a Secrets
 * Manager dynamic reference: the Secrets Manager kinds synthesize to one, every other kind (plain
 * text, ssm-secure, a parameter, a resource attribute) is refused at construction, naming the prop.
 */
const secretKinds: Record<string, { accepted: boolean; make: (stack: Stack, name: string) => SecretValue }> = {
  secretsManagerName: { accepted: true, make: (_stack, name) => SecretValue.secretsManager(name) },
  secretsManagerJsonField: { accepted: true, make: (_stack, name) => SecretValue.secretsManager(name, { jsonField: 'secret' }) },
  secretConstruct: { accepted: true, make: (stack, name) => new secretsmanager.Secret(stack, `Secret${name}`).secretValue },
  plainText: { accepted: false, make: (_stack, name) => SecretValue.unsafePlainText(name) },
  ssmSecure: { accepted: false, make: (_stack, name) => SecretValue.ssmSecure(`/sign-in/${name}`) },
  cfnParameter: { accepted: false, make: (stack, name) => SecretValue.cfnParameter(new CfnParameter(stack, `Param${name}`, { noEcho: true })) },
  resourceAttribute: { accepted: false, make: (stack, name) => SecretValue.resourceAttribute(new secretsmanager.CfnSecret(stack, `Attr${name}`).attrId) },
};
const secretProviders: Record<string, { key: string; make: (secret: SecretValue) => SignInProvider }> = {
  google: { key: 'clientSecret', make: (secret) => SignInProvider.google({ clientId: 'g', clientSecret: secret }) },
  apple: { key: 'privateKey', make: (secret) => SignInProvider.apple({ clientId: 'a', teamId: 'T', keyId: 'K', privateKey: secret }) },
  facebook: { key: 'clientSecret', make: (secret) => SignInProvider.facebook({ clientId: 'f', clientSecret: secret }) },
  amazon: { key: 'clientSecret', make: (secret) => SignInProvider.amazon({ clientId: 'z', clientSecret: secret }) },
  oidc: { key: 'clientSecret', make: (secret) => SignInProvider.oidc({ name: 'Okta', clientId: 'o', clientSecret: secret, issuerUrl: 'https://okta.example.com' }) },
};

test(`a provider's secret of any SecretValue kind is a Secrets Manager reference in the template, or refused naming the prop (${SIGN_IN_RUNS} runs)`, () => {
  const pick = fc.tuple(fc.constantFrom(...Object.keys(secretProviders)), fc.constantFrom(...Object.keys(secretKinds)));
  fc.assert(fc.property(fc.uniqueArray(pick, { minLength: 1, maxLength: 4, selector: ([provider]) => provider }), (chosen) => {
    const stack = new Stack(new App({ analyticsReporting: false }), 'Secrets', { env: { account: '123456789012', region: 'eu-west-1' } });
    const providers = chosen.map(([provider, kind]) => secretProviders[provider].make(secretKinds[kind].make(stack, provider)));
    const create = () => new CognitoProtectedHttpApi(stack, 'Api', { callbackUrls: ['https://app.example.com/cb'], signInProviders: providers });
    const firstRefused = chosen.findIndex(([, kind]) => !secretKinds[kind].accepted);
    if (firstRefused >= 0) {
      const prop = `signInProviders[${firstRefused}].${secretProviders[chosen[firstRefused][0]].key}`.replace(/[[\].]/g, '\\$&');
      expect(create).toThrow(new RegExp(`^CognitoProtectedHttpApi: ${prop}: .*SecretValue\\.secretsManager`));
      return;
    }
    create();
    const details = Object.values(Template.fromStack(stack).findResources('AWS::Cognito::UserPoolIdentityProvider')).map((r: any) => r.Properties.ProviderDetails);
    for (const detail of details) {
      const secret = detail.client_secret ?? detail.private_key;
      expect(JSON.stringify(secret)).toMatch(/\{\{resolve:secretsmanager:/);
    }
  }), { numRuns: SIGN_IN_RUNS, seed: SEED });
});

import { Fn, Token } from 'aws-cdk-lib';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { ApiRouteOptions } from '../../src/construct/api/api-route';
import { validateRoute } from '../../src/construct/api/api-route-validation';
import {
  ClientScopes, idTokenWarnings, OAUTH_USER_SCOPES, RouteRecord, shadowWarnings, STANDARD_SCOPES, unobtainableScopeErrors,
} from '../../src/construct/authorization/authorization-checks';
import { RouteAuthorization } from '../../src/construct/authorization/route-authorization';

/**
 * The construct's authorization decisions, one row per decision, on the functions that make them
 * (authorization.test.ts shows them in synthesized templates and annotations).
 * [R] "Create routes for HTTP APIs in API Gateway": `ANY` matches the methods a path does not
 *     define; a greedy `{proxy+}` catches all child resources of its parent, not the parent; the most
 *     specific route wins.
 * [W] "Control access to HTTP APIs with JWT authorizers": a route's authorization scopes, any one of
 *     which the token must carry (in `scope`); a valid token without one → 403.
 * [C] Cognito's "Understanding the ID token": ID tokens carry no `scope` claim; access tokens carry
 *     the scopes the app client was granted ("Scopes, M2M, and APIs with resource servers").
 * [RFC 6749] §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ).
 */

const signedIn = RouteAuthorization.signedIn();
const publicAccess = RouteAuthorization.publicAccess();
const NO_CLIENTS: ClientScopes = {
  unknown: false,
  obtainable: new Set(),
  userClientsOnly: false,
  userClientOauth: false,
  machineClients: [],
  apiScopes: new Set(),
  poolAddsScopes: false,
};
const route = (method: string, path: string, authorization: RouteAuthorization = signedIn): RouteRecord => ({ method, path, authorization });

describe('RouteAuthorization: what a route requires', () => {
  test('signed-in is the default: no scopes, groups or claims, not public', () => {
    expect(signedIn).toMatchObject({ isPublic: false, scopes: [], groups: [], claims: [] });
    expect(RouteAuthorization.signedIn({})).toMatchObject({ isPublic: false, scopes: [], groups: [], claims: [] });
    expect(signedIn.requiredScopes()).toEqual([]);
    expect(signedIn.describe()).toBe('signed-in');
  });

  test('[W] scopes: any one of them, checked by API Gateway as the route\'s authorization scopes', () => {
    const scoped = RouteAuthorization.signedIn({ scopes: ['api/items.read', 'api/items.admin'] });
    expect(scoped).toMatchObject({ isPublic: false, scopes: ['api/items.read', 'api/items.admin'], groups: [] });
    expect(scoped.requiredScopes()).toEqual(['api/items.read', 'api/items.admin']);
    expect(scoped.describe()).toBe('signed-in (scopes: api/items.read, api/items.admin)');
  });

  test('claims are kept for the Lambda authorizer (no scope for API Gateway)', () => {
    const claims = [{ name: 'custom:tenant', values: ['t1', 't2'] }];
    const withClaims = RouteAuthorization.signedIn({ claims });
    expect(withClaims).toMatchObject({ isPublic: false, scopes: [], claims });
    expect(withClaims.requiredScopes()).toEqual([]);
  });

  test('groups: any one of them, as one scope `group:<name>` per group (the trigger puts them into access tokens)', () => {
    const grouped = RouteAuthorization.inGroups(['admin', 'support']);
    expect(grouped).toMatchObject({ isPublic: false, scopes: [], groups: ['admin', 'support'], claims: [] });
    expect(grouped.requiredScopes()).toEqual(['group:admin', 'group:support']);
    expect(grouped.describe()).toBe('signed-in (groups: admin, support)');
  });

  test('public: no token, nothing required', () => {
    expect(publicAccess).toMatchObject({ isPublic: true, scopes: [], groups: [], claims: [] });
    expect(publicAccess.requiredScopes()).toEqual([]);
    expect(publicAccess.describe()).toBe('public');
  });

  test('iam: signed with AWS credentials, no token, nothing for a token authorizer to check', () => {
    const iamOnly = RouteAuthorization.iam();
    expect(iamOnly).toMatchObject({ isPublic: false, isIam: true, scopes: [], groups: [], claims: [] });
    expect(iamOnly.requiredScopes()).toEqual([]);
    expect(iamOnly.describe()).toBe('iam');
    expect([signedIn, publicAccess].map((a) => a.isIam)).toEqual([false, false]);
  });

  test('the lists are copies: changing the caller\'s arrays later changes no route', () => {
    const scopes = ['api/a'];
    const groups = ['admin'];
    const claims = [{ name: 'tenant', values: ['t1'] }];
    const scoped = RouteAuthorization.signedIn({ scopes, claims });
    const grouped = RouteAuthorization.inGroups(groups);
    scopes.push('api/b');
    groups.push('ops');
    claims.push({ name: 'plan', values: ['gold'] });
    expect([scoped.scopes, scoped.claims.length, grouped.groups]).toEqual([['api/a'], 1, ['admin']]);
  });
});

describe('unobtainableScopeErrors: a declared scope no app client can obtain fails synth, saying what each client would need', () => {
  const base: ClientScopes = {
    unknown: false,
    obtainable: new Set(['aws.cognito.signin.user.admin']),
    userClientsOnly: true,
    userClientOauth: false,
    machineClients: [],
    apiScopes: new Set(['api/read', 'api/write']),
    poolAddsScopes: false,
  };
  const clients = (overrides: Partial<ClientScopes> = {}): ClientScopes => ({ ...base, ...overrides });
  const reader = { name: 'reader', scopes: ['api/write'] };
  const lead = (method: string, path: string, scope: string) =>
    `route ${method} ${path} requires scope "${scope}", which no app client can obtain, so every valid token would get 403 Forbidden: `;
  const userWithoutOauth = 'the user client signs in without OAuth, so its tokens carry only aws.cognito.signin.user.admin (give callbackUrls: the OAuth code flow\'s tokens carry it)';
  const userWithoutOauthNever = 'the user client\'s tokens carry only aws.cognito.signin.user.admin (and openid, email, profile and the API\'s scopes with callbackUrls)';
  const userWithOauth = 'the user client\'s tokens carry aws.cognito.signin.user.admin, openid, email, profile and the API\'s scopes';
  const noMachine = 'there is no machine client (add one with it: machineClients / addMachineClient())';
  const scoped = (method: string, path: string, ...scopes: string[]) => route(method, path, RouteAuthorization.signedIn({ scopes }));

  test.each([
    ['[C] a scope some client can obtain', [scoped('GET', '/items', 'api/read')], clients({ obtainable: new Set(['api/read']) }), []],
    ['[W] an API scope, no OAuth user client, no machine client: both fixes', [scoped('GET', '/items', 'api/read')], clients(), [
      `${lead('GET', '/items', 'api/read')}${userWithoutOauth}; ${noMachine}.`,
    ]],
    ['a standard scope the OAuth user client lacks: each client, and why it cannot get it',
      [scoped('GET', '/me', 'phone')], clients({ userClientOauth: true, machineClients: [reader], obtainable: new Set(['api/read', 'api/write']) }), [
        `${lead('GET', '/me', 'phone')}${userWithOauth}; machine client "reader" has api/write; machine clients get only the API's scopes.`,
      ]],
    ['each machine client, what it has, and to add the API scope', [scoped('GET', '/items', 'api/read')],
      clients({ machineClients: [reader, { name: 'sync', scopes: ['api/write', 'api/other'] }] }), [
        `${lead('GET', '/items', 'api/read')}${userWithoutOauth}; machine client "reader" has api/write (add it to its scopes); machine client "sync" has api/write, api/other (add it to its scopes).`,
      ]],
    ['[C] openid without OAuth: callbackUrls would give it; no machine client can', [scoped('GET', '/me', 'openid')], clients(), [
      `${lead('GET', '/me', 'openid')}${userWithoutOauth}; there is no machine client; machine clients get only the API's scopes.`,
    ]],
    ['a scope no client can ever get (phone, without OAuth)', [scoped('GET', '/me', 'phone')], clients(), [
      `${lead('GET', '/me', 'phone')}${userWithoutOauthNever}; there is no machine client; machine clients get only the API's scopes.`,
    ]],
    ['each missing scope of each route, in order', [scoped('GET', '/items', 'api/read', 'api/write'), scoped('DELETE', '/items/{id}', 'api/write')],
      clients({ obtainable: new Set(['api/read']) }), [
        `${lead('GET', '/items', 'api/write')}${userWithoutOauth}; ${noMachine}.`,
        `${lead('DELETE', '/items/{id}', 'api/write')}${userWithoutOauth}; ${noMachine}.`,
      ]],
    ['an existing pool: its trigger may add scopes, so only the API\'s and the standard ones are checked',
      [scoped('GET', '/a', 'group:admin'), scoped('GET', '/b', 'other/read'), scoped('GET', '/c', 'api/read'), scoped('GET', '/d', 'email')], clients({ poolAddsScopes: true }), [
        `${lead('GET', '/c', 'api/read')}${userWithoutOauth}; ${noMachine}.`,
        `${lead('GET', '/d', 'email')}${userWithoutOauth}; there is no machine client; machine clients get only the API's scopes.`,
      ]],
    ['the construct\'s pool: every scope is checked', [scoped('GET', '/a', 'group:admin')], clients(), [
      `${lead('GET', '/a', 'group:admin')}${userWithoutOauthNever}; there is no machine client; machine clients get only the API's scopes.`,
    ]],
    ['group routes are not checked (the trigger adds their scopes to tokens)', [route('GET', '/admin', RouteAuthorization.inGroups(['admin']))], clients(), []],
    ['routes without scopes need none', [route('GET', '/items'), route('GET', '/health', publicAccess)], clients(), []],
  ])('%s', (_rule, routes, given, expected) => {
    expect(unobtainableScopeErrors(routes, given)).toEqual(expected);
  });

  test('imported app clients: what they can obtain is unknown, so no scope is refused', () => {
    expect(unobtainableScopeErrors([scoped('GET', '/items', 'api/read')], clients({ unknown: true }))).toEqual([]);
  });

  test('the standard scopes Cognito puts into access tokens', () => {
    expect(STANDARD_SCOPES).toEqual(['openid', 'email', 'profile', 'phone', 'aws.cognito.signin.user.admin']);
    expect(OAUTH_USER_SCOPES).toEqual(['openid', 'email', 'profile']);
  });
});

describe('idTokenWarnings: scoped routes when callers can only be users with ID tokens', () => {
  const routes = [
    route('GET', '/items', RouteAuthorization.signedIn({ scopes: ['api/read'] })),
    route('DELETE', '/items/{id}', RouteAuthorization.inGroups(['admin'])),
    route('GET', '/me'),
    route('GET', '/health', publicAccess),
  ];
  const warning = (method: string, path: string, requirement: string) => `route ${method} ${path} requires ${requirement}: ID tokens carry no scope claim, `
    + 'so callers must send the ACCESS token (AuthenticationResult.AccessToken), not the ID token (AuthenticationResult.IdToken).';

  test('[C] user clients only (no OAuth, no machine client): one warning per route that requires scopes (groups are scopes)', () => {
    expect(idTokenWarnings(routes, { ...NO_CLIENTS, userClientsOnly: true })).toEqual([
      warning('GET', '/items', 'signed-in (scopes: api/read)'),
      warning('DELETE', '/items/{id}', 'signed-in (groups: admin)'),
    ]);
  });

  test('[C] a client that gets access tokens through OAuth: no warning', () => {
    expect(idTokenWarnings(routes, { ...NO_CLIENTS, obtainable: new Set(['api/read']), userClientsOnly: false })).toEqual([]);
  });
});

describe('shadowWarnings: public routes that open a protected route\'s requests', () => {
  const shares = (path: string, closedMethod: string) => `public route ANY ${path} shares its path with protected route ${closedMethod} ${path}: `
    + `every method of ${path} other than the declared ones is public. List the public methods instead of ANY, or make the ANY route signed-in.`;
  const covers = (method: string, path: string, closedMethod: string, closedPath: string) => `public route ${method} ${path} covers the path of protected route ${closedMethod} ${closedPath}: `
    + `requests under ${closedPath} that match no other route are answered without a token. Narrow the public route, or make it signed-in.`;

  test.each([
    ['[R] public ANY on a protected route\'s path: every other method is public', [route('ANY', '/items', publicAccess), route('GET', '/items')], [shares('/items', 'GET')]],
    ['[R] … and on a protected {proxy+} path', [route('ANY', '/files/{proxy+}', publicAccess), route('GET', '/files/{proxy+}')], [shares('/files/{proxy+}', 'GET')]],
    ['[R] a public method beside a protected one on the same path: each method is its own route', [route('GET', '/items', publicAccess), route('POST', '/items')], []],
    ['[R] public ANY /{proxy+} covers every protected path below the root', [route('ANY', '/{proxy+}', publicAccess), route('GET', '/items'), route('DELETE', '/items/{id}')], [
      covers('ANY', '/{proxy+}', 'GET', '/items'), covers('ANY', '/{proxy+}', 'DELETE', '/items/{id}'),
    ]],
    ['[R] a public {proxy+} covers a protected route of the same method below it', [route('GET', '/files/{proxy+}', publicAccess), route('GET', '/files/secret')], [covers('GET', '/files/{proxy+}', 'GET', '/files/secret')]],
    ['[R] … however deep', [route('GET', '/files/{proxy+}', publicAccess), route('GET', '/files/a/b/{id}')], [covers('GET', '/files/{proxy+}', 'GET', '/files/a/b/{id}')]],
    ['[R] … not one of another method', [route('GET', '/files/{proxy+}', publicAccess), route('POST', '/files/secret')], []],
    ['[R] … not its parent path ({proxy+} needs a child)', [route('GET', '/files/{proxy+}', publicAccess), route('GET', '/files')], []],
    ['[R] … not a path that only starts with the same letters', [route('GET', '/files/{proxy+}', publicAccess), route('GET', '/filesystem/x')], []],
    ['[R] … not a path elsewhere', [route('ANY', '/public/{proxy+}', publicAccess), route('GET', '/items/{id}')], []],
    ['a public path variable covers nothing: {id} is one segment, and the literal protected route wins', [route('GET', '/files/{id}', publicAccess), route('GET', '/files/secret')], []],
    ['[R] a protected {proxy+} under a public literal path: nothing is opened', [route('GET', '/files', publicAccess), route('GET', '/files/{proxy+}')], []],
    ['only public routes, or only protected ones: nothing to warn about', [route('ANY', '/{proxy+}', publicAccess), route('GET', '/health', publicAccess)], []],
    ['… protected only', [route('ANY', '/{proxy+}'), route('GET', '/items')], []],
  ])('%s', (_rule, routes, expected) => {
    expect(shadowWarnings(routes)).toEqual(expected);
  });
});

describe('validateRoute: checks before a route is created', () => {
  const options = (path: string, authorization?: RouteAuthorization) => ({ path, authorization }) as unknown as ApiRouteOptions;
  const check = (path: string, methods: HttpMethod[], existing: RouteRecord[] = [], authorization?: RouteAuthorization) => () => validateRoute('routes[1]', options(path, authorization), methods, existing);

  test.each([
    ['a new method on a known path', '/items', [HttpMethod.POST], [route('GET', '/items')]],
    ['a known method on a new path', '/items/{id}', [HttpMethod.GET], [route('GET', '/items')]],
    ['the first route', '/items', [HttpMethod.GET, HttpMethod.POST], []],
  ])('accepts %s', (_name, path, methods, existing) => {
    expect(check(path, methods, existing)).not.toThrow();
  });

  test('checks the path and the methods, naming the props', () => {
    expect(check('items', [HttpMethod.GET])).toThrow(new Error('CognitoProtectedHttpApi: routes[1].path: "items" must start with "/" (write "/items").'));
    expect(check('/items', [])).toThrow(new Error('CognitoProtectedHttpApi: routes[1].methods: is empty; give at least one method, e.g. [HttpMethod.GET], or leave it out for GET.'));
  });

  test('refuses a method and path declared twice, naming them', () => {
    expect(check('/items', [HttpMethod.POST, HttpMethod.GET], [route('GET', '/items')]))
      .toThrow(new Error('CognitoProtectedHttpApi: routes[1]: route GET /items is declared twice; declare each method and path once.'));
  });

  test.each([
    ['[RFC 6749] the characters a scope token may have: !, #-[, ]-~', 'api/items.read!#[]~'],
    ['a scope with an unresolved token (checked when it is known)', `${Token.asString(Fn.ref('Scope'))} read`],
  ])('accepts %s', (_name, scope) => {
    expect(check('/items', [HttpMethod.GET], [], RouteAuthorization.signedIn({ scopes: [scope] }))).not.toThrow();
  });

  test.each([
    ['a space', 'api/items read'],
    ['a space at the start', ' api/read'],
    ['a space at the end', 'api/read '],
    ['a double quote', 'api/"read"'],
    ['a backslash', 'api\\read'],
    ['a tab', 'api/\tread'],
    ['DEL', 'api/read\x7f'],
    ['a non-ASCII letter', 'api/lés'],
  ])('[RFC 6749] refuses a scope with %s', (_name, scope) => {
    expect(check('/items', [HttpMethod.GET], [], RouteAuthorization.signedIn({ scopes: ['api/ok', scope] })))
      .toThrow(new Error(`CognitoProtectedHttpApi: routes[1].authorization: scope "${scope}" has characters no token scope can have (spaces, quotes or backslashes).`));
  });

  test('a route without authorization (signed-in by default) has no scope to check', () => {
    expect(check('/items', [HttpMethod.GET])).not.toThrow();
  });
});

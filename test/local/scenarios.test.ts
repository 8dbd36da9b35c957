import { join } from 'path';
import { Stack } from 'aws-cdk-lib';
import { CorsHttpMethod, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import {
  apiUrl, call, claimsOf, FakeIssuer, invoke, oauthPost, RUNNER_TIMEOUT_MS, signAsMoto, signedInUser, signInThroughPage, startFakeIssuer,
  startTestRunner, synthApp, tampered, TestRunner, Tokens, unsigned,
} from './helpers';
import { CognitoProtectedHttpApi, WhoamiFunction } from '../../src';
import { CognitoClient } from '../../src/local/cognito/client';
import { AuthorizationExampleStack } from '../example/authorization-example-stack';
import { ExternalIssuerExampleStack } from '../example/external-issuer-example-stack';

/**
 * Who gets through, on the authorization and external-issuer examples, run locally: one row per
 * caller and route. Tokens come from the emulator (moto), from the runner's local OAuth 2.0
 * endpoints (code flow with PKCE through the local sign-in page, client credentials; the pool's
 * pre-token-generation trigger run locally), or, where a row says "signed with moto's key", were
 * forged to carry what no flow issues (expired).
 *
 * AWS pages: "Scopes, M2M, and API authorization with resource servers", "Token endpoint",
 * "Authorize endpoint", "Pre token generation Lambda trigger", "Controlling access to HTTP APIs with
 * JWT authorizers" (the authorization example's rows).
 */

jest.setTimeout(RUNNER_TIMEOUT_MS);

const EXTERNAL_ISSUER = 'https://example.eu.auth0.com/';

/** A protected ANY route with CORS: the construct adds a public OPTIONS route for the preflight. */
class CorsAnyStack extends Stack {
  constructor(scope: import('constructs').Construct, id: string) {
    super(scope, id);
    new CognitoProtectedHttpApi(this, 'Api', {
      corsPreflight: { allowOrigins: ['http://localhost:3000'], allowHeaders: ['authorization'], allowMethods: [CorsHttpMethod.ANY] },
      routes: [{ path: '/things', methods: [HttpMethod.ANY], handler: new WhoamiFunction(this, 'Handler') }],
    });
  }
}

let local: TestRunner;
let issuer: FakeIssuer;
const users: Record<string, Tokens> = {};
const urls: Record<string, string> = {};
let authorizationPool: { userPoolId: string; clientId: string; issuer: string };
let oauthUrl: string;
let machine: { clientId: string; secret: string };
/** /oauth2/token answers of the code flow (alice: no group; admin: in group admin). */
const codeFlow: Record<'alice' | 'admin', { access_token: string; id_token: string; refresh_token: string }> = {} as any;
let machineToken: string;

beforeAll(async () => {
  issuer = await startFakeIssuer(EXTERNAL_ISSUER);
  const assembly = synthApp((app) => {
    const authorization = new AuthorizationExampleStack(app, 'AuthorizationExampleStack');
    // Test-only: the reporter's code under a role of its own, which the route does not grant.
    new lambda.Function(authorization, 'Outsider', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(join(__dirname, '..', 'example', 'reporter')),
      environment: { API_URL: authorization.api.apiUrl },
    });
    new ExternalIssuerExampleStack(app, 'ExternalIssuerExampleStack');
    new CorsAnyStack(app, 'CorsAnyStack');
  });
  local = await startTestRunner(assembly, [{ from: EXTERNAL_ISSUER, to: issuer.url }]);
  const { runner } = local;
  urls.items = apiUrl(runner, 'AuthorizationExampleStack', 'Api');
  urls.admin = apiUrl(runner, 'ExternalIssuerExampleStack', 'AdminApi');
  urls.partner = apiUrl(runner, 'ExternalIssuerExampleStack', 'PartnerApi');
  urls.cors = apiUrl(runner, 'CorsAnyStack', 'Api');

  const a = runner.stack('AuthorizationExampleStack');
  const poolA = a.userPools[0];
  const clientA = poolA.clients.find((client) => client.logicalId.startsWith('ApiUserPoolClient'))!.clientId;
  authorizationPool = { userPoolId: poolA.userPoolId, clientId: clientA, issuer: poolA.issuer };
  const b = runner.stack('ExternalIssuerExampleStack').userPools[0];
  // A client of the same pool that the API's authorizer does not list.
  const { UserPoolClient: stranger } = await new CognitoClient(runner.cognitoEndpoint, a.region).call('CreateUserPoolClient', {
    UserPoolId: poolA.userPoolId, ClientName: 'not-in-the-audience', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
  });
  users.alice = await signedInUser(runner, a.region, poolA.userPoolId, clientA);
  users.aliceViaOtherClient = await signedInUser(runner, a.region, poolA.userPoolId, stranger.ClientId);
  users.bob = await signedInUser(runner, a.region, b.userPoolId, b.clients[0].clientId);
  users.bobAdmin = await signedInUser(runner, a.region, b.userPoolId, b.clients[0].clientId, { groups: ['admin'] });
  users.aliceAdmin = await signedInUser(runner, a.region, poolA.userPoolId, clientA, { groups: ['admin'] });

  oauthUrl = poolA.oauth!.url;
  for (const [name, user] of [['alice', users.alice], ['admin', users.aliceAdmin]] as const) {
    const { code, verifier } = await signInThroughPage(oauthUrl, clientA, user);
    const answer = await oauthPost(`${oauthUrl}/oauth2/token`, {
      grant_type: 'authorization_code', client_id: clientA, code, code_verifier: verifier, redirect_uri: 'http://localhost:3000/callback',
    });
    if (answer.status !== 200) throw new Error(`code flow for ${name}: ${answer.status} ${JSON.stringify(answer.body)}`);
    codeFlow[name] = answer.body;
  }
  const reporting = poolA.clients.find((client) => client.name === 'reporting')!;
  machine = { clientId: reporting.clientId, secret: reporting.clientSecret! };
  machineToken = (await oauthPost(`${oauthUrl}/oauth2/token`, { grant_type: 'client_credentials', scope: 'api/items.read' }, machine)).body.access_token;
});

afterAll(async () => {
  await local?.runner.stop();
  await issuer?.stop();
});

/** Tokens by name, made after the runner is up. */
const token: Record<string, () => Promise<string | undefined>> = {
  'none': async () => undefined,
  'alice ID': async () => users.alice.idToken,
  'alice access': async () => users.alice.accessToken,
  'alice ID, other client of the pool': async () => users.aliceViaOtherClient.idToken,
  'bob ID (other pool)': async () => users.bob.idToken,
  'bob-admin ID (other pool, group admin)': async () => users.bobAdmin.idToken,
  'alice ID, expired (signed with moto\'s key)': async () => signAsMoto({ ...claimsOf(users.alice.idToken), iat: 1_700_000_000, exp: 1_700_003_600 }),
  'alice ID, email changed after signing': async () => tampered(users.alice.idToken, { email: 'mallory@example.com' }),
  'alice ID, alg none': async () => unsigned(users.alice.idToken),
  'alice access + api/items.read (signed with moto\'s key)': async () =>
    signAsMoto({ ...claimsOf(users.alice.accessToken), scope: 'aws.cognito.signin.user.admin api/items.read' }),
  'alice access + group:admin, as the trigger adds (signed with moto\'s key)': async () =>
    signAsMoto({ ...claimsOf(users.alice.accessToken), scope: 'aws.cognito.signin.user.admin group:admin' }),
  'alice, code flow + PKCE (openid email api/items.read)': async () => codeFlow.alice.access_token,
  'admin member, code flow (group-scopes trigger ran locally)': async () => codeFlow.admin.access_token,
  'reporting machine client (client credentials, api/items.read)': async () => machineToken,
  'partner access, read:orders': async () => issuer.sign({ aud: 'https://partner-api.example.com', scope: 'read:orders', sub: 'partner-1' }),
  'partner access, no scope': async () => issuer.sign({ aud: 'https://partner-api.example.com', sub: 'partner-1' }),
  'partner access, admin API audience': async () => issuer.sign({ aud: 'https://admin-api.example.com', scope: 'read:orders', sub: 'partner-1' }),
  'external access, tenant acme': async () => issuer.sign({ aud: 'https://admin-api.example.com', token_use: 'access', tenant: 'acme', sub: 'ext-1' }),
  'external access, tenant globex': async () => issuer.sign({ aud: 'https://admin-api.example.com', token_use: 'access', tenant: 'globex', sub: 'ext-2' }),
};

interface Row {
  readonly api: 'items' | 'admin' | 'partner';
  readonly request: string;
  readonly caller: keyof typeof token;
  readonly status: number;
}

const rows: Row[] = [
  // AuthorizationExampleStack: JWT authorizer of the user pool.
  { api: 'items', request: 'GET /health', caller: 'none', status: 200 },
  { api: 'items', request: 'GET /me', caller: 'none', status: 401 },
  { api: 'items', request: 'GET /me', caller: 'alice ID', status: 200 },
  { api: 'items', request: 'GET /me', caller: 'alice access', status: 200 },
  { api: 'items', request: 'GET /items', caller: 'alice ID', status: 403 },
  { api: 'items', request: 'GET /items', caller: 'alice access', status: 403 },
  { api: 'items', request: 'GET /items', caller: 'alice access + api/items.read (signed with moto\'s key)', status: 200 },
  { api: 'items', request: 'POST /items', caller: 'alice access + api/items.read (signed with moto\'s key)', status: 403 },
  { api: 'items', request: 'DELETE /items/42', caller: 'alice access', status: 403 },
  { api: 'items', request: 'DELETE /items/42', caller: 'alice access + group:admin, as the trigger adds (signed with moto\'s key)', status: 200 },
  { api: 'items', request: 'GET /me', caller: 'alice ID, other client of the pool', status: 401 },
  { api: 'items', request: 'GET /me', caller: 'bob ID (other pool)', status: 401 },
  { api: 'items', request: 'GET /me', caller: 'alice ID, expired (signed with moto\'s key)', status: 401 },
  { api: 'items', request: 'GET /me', caller: 'alice ID, email changed after signing', status: 401 },
  { api: 'items', request: 'GET /me', caller: 'alice ID, alg none', status: 401 },
  { api: 'items', request: 'GET /nothing-here', caller: 'alice ID', status: 404 },
  // The same API with tokens of the local OAuth 2.0 endpoints.
  { api: 'items', request: 'GET /items', caller: 'alice, code flow + PKCE (openid email api/items.read)', status: 200 },
  { api: 'items', request: 'POST /items', caller: 'alice, code flow + PKCE (openid email api/items.read)', status: 403 },
  { api: 'items', request: 'DELETE /items/42', caller: 'alice, code flow + PKCE (openid email api/items.read)', status: 403 },
  { api: 'items', request: 'DELETE /items/42', caller: 'admin member, code flow (group-scopes trigger ran locally)', status: 200 },
  { api: 'items', request: 'GET /items', caller: 'reporting machine client (client credentials, api/items.read)', status: 200 },
  { api: 'items', request: 'POST /items', caller: 'reporting machine client (client credentials, api/items.read)', status: 403 },
  { api: 'items', request: 'DELETE /items/42', caller: 'reporting machine client (client credentials, api/items.read)', status: 403 },
  // ExternalIssuerExampleStack, AdminApi: the library's Lambda authorizer (user pool + external issuer).
  { api: 'admin', request: 'GET /me', caller: 'none', status: 401 },
  { api: 'admin', request: 'GET /me', caller: 'bob ID (other pool)', status: 200 },
  { api: 'admin', request: 'GET /me', caller: 'alice ID', status: 403 },
  { api: 'admin', request: 'DELETE /users/7', caller: 'bob ID (other pool)', status: 403 },
  { api: 'admin', request: 'DELETE /users/7', caller: 'bob-admin ID (other pool, group admin)', status: 200 },
  { api: 'admin', request: 'GET /tenants/acme/reports', caller: 'external access, tenant acme', status: 200 },
  { api: 'admin', request: 'GET /tenants/acme/reports', caller: 'external access, tenant globex', status: 403 },
  { api: 'admin', request: 'GET /tenants/acme/reports', caller: 'bob ID (other pool)', status: 403 },
  // ExternalIssuerExampleStack, PartnerApi: JWT authorizer trusting the external issuer.
  { api: 'partner', request: 'GET /orders', caller: 'partner access, read:orders', status: 200 },
  { api: 'partner', request: 'GET /orders', caller: 'partner access, no scope', status: 403 },
  { api: 'partner', request: 'GET /orders', caller: 'partner access, admin API audience', status: 401 },
];

test.each(rows)('$api: $request as "$caller" → $status', async ({ api, request, caller, status }) => {
  const [method, path] = request.split(' ');
  const answer = await call(`${urls[api]}${path.slice(1)}`, { method, token: await token[caller]() });
  expect({ status: answer.status, body: answer.status >= 400 ? answer.body : 'ok' }).toEqual({
    status,
    body: status === 200 ? 'ok' : { message: { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }[status] },
  });
  if (status === 401 && api !== 'admin') {
    expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer scope="" error="invalid_token" error_description=".+"$/);
  }
});

test('the Lambda integration gets the claims as strings and the route\'s scopes (JWT authorizer)', async () => {
  const answer = await call(`${urls.items}items`, { token: await token['alice access + api/items.read (signed with moto\'s key)']() });
  expect(answer.body.claims).toMatchObject({ sub: users.alice.sub, client_id: authorizationPool.clientId, iss: authorizationPool.issuer, token_use: 'access' });
  expect(typeof answer.body.claims.exp).toBe('string');
  expect(answer.body.scopes).toEqual(['aws.cognito.signin.user.admin', 'api/items.read']);
});

test('the Lambda authorizer\'s context reaches the integration', async () => {
  const answer = await call(`${urls.admin}users/7`, { method: 'DELETE', token: users.bobAdmin.idToken });
  expect(answer.body.claims).toMatchObject({ sub: users.bobAdmin.sub, groups: '["admin"]' });
  expect(JSON.parse(answer.body.claims.groups)).toEqual(['admin']);
});

describe('a function of the app calls the IAM route GET /internal/report with its own role (invoked through the Lambda endpoint)', () => {
  test('the Reporter signs with its role\'s local credentials: 200, and the handler saw requestContext.authorizer.iam', async () => {
    const answer = await invoke(local.runner, 'Reporter');
    expect([answer.status, answer.headers.get('x-amz-function-error')]).toEqual([200, null]);
    expect(answer.body).toEqual({
      status: 200,
      report: expect.objectContaining({
        message: 'Hello, IAM caller',
        routeKey: 'GET /internal/report',
        iam: expect.objectContaining({
          accessKey: expect.stringMatching(/^ASIA[0-9A-Z]{16}$/), // the function's own session of its role
          accountId: '123456789012',
          userArn: expect.stringMatching(/^arn:aws:sts::123456789012:assumed-role\/AuthorizationExampleStack-ReporterRole[^/]*\/AuthorizationExampleStack-Reporter/),
        }),
      }),
    });
  });

  test('the same code under a role without the grant: 403, API Gateway\'s AccessDeniedException message', async () => {
    const answer = await invoke(local.runner, 'Outsider');
    expect(answer.body.status).toBe(403);
    expect(answer.body.report.message).toMatch(
      /^User: arn:aws:sts::123456789012:assumed-role\/AuthorizationExampleStack-OutsiderServiceRole[^/]*\/AuthorizationExampleStack-Outsider\S* is not authorized to perform: execute-api:Invoke on resource: \S+\/GET\/internal\/report because no identity-based policy allows the execute-api:Invoke action$/,
    );
  });

  test('unsigned: 403 Missing Authentication Token', async () => {
    const answer = await call(`${urls.items}internal/report`);
    expect([answer.status, answer.headers.get('x-amzn-errortype'), answer.body]).toEqual([403, 'MissingAuthenticationTokenException', { message: 'Missing Authentication Token' }]);
  });
});

describe('CORS preflight on a protected ANY route', () => {
  const preflight = { 'origin': 'http://localhost:3000', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' };

  test('OPTIONS without a token is answered (204, CORS headers), never 401', async () => {
    const answer = await call(`${urls.cors}things`, { method: 'OPTIONS', headers: preflight });
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(answer.headers.get('access-control-allow-headers')).toBe('authorization');
  });

  test('the ANY route itself still needs a token', async () => {
    expect((await call(`${urls.cors}things`, { method: 'GET', headers: { origin: 'http://localhost:3000' } })).status).toBe(401);
  });
});

describe('the local OAuth 2.0 endpoints (Cognito\'s "Token endpoint", "Authorize endpoint")', () => {
  const tokenPath = '/oauth2/token';
  const redirectUri = 'http://localhost:3000/callback';

  test('the code flow\'s tokens carry what Cognito puts in them (custom scope, client_id, username, groups, auth_time, jti, origin_jti, exact iss)', () => {
    const access = claimsOf(codeFlow.admin.access_token);
    // The pool signs in by email (UsernameAttributes): Cognito's user name is then the generated id, the sub.
    expect(access).toMatchObject({
      'iss': authorizationPool.issuer,
      'client_id': authorizationPool.clientId,
      'token_use': 'access',
      'username': users.aliceAdmin.sub,
      'sub': users.aliceAdmin.sub,
      'cognito:groups': ['admin'],
      'version': 2,
    });
    expect(access.scope.split(' ').sort()).toEqual(['api/items.read', 'email', 'group:admin', 'openid']);
    for (const claim of ['auth_time', 'jti', 'origin_jti', 'iat', 'exp']) expect(access[claim]).toBeDefined();
    expect(access.exp - access.iat).toBe(3600); // the client's AccessTokenValidity: 60 minutes
    const id = claimsOf(codeFlow.admin.id_token);
    expect(id).toMatchObject({
      'aud': authorizationPool.clientId, 'token_use': 'id', 'cognito:username': users.aliceAdmin.sub, 'email': users.aliceAdmin.username, 'origin_jti': access.origin_jti,
    });
  });

  test('aws-jwt-verify accepts them with the pool\'s JWKS', async () => {
    const verifier = CognitoJwtVerifier.create({ userPoolId: authorizationPool.userPoolId, tokenUse: 'access', clientId: [authorizationPool.clientId, machine.clientId] });
    const jwks = await (await fetch(`${local.runner.cognitoEndpoint}/${authorizationPool.userPoolId}/.well-known/jwks.json`)).json();
    verifier.cacheJwks(jwks as any);
    await expect(verifier.verify(codeFlow.alice.access_token)).resolves.toMatchObject({ scope: 'openid email api/items.read' });
    await expect(verifier.verify(machineToken)).resolves.toMatchObject({ client_id: machine.clientId, scope: 'api/items.read' });
  });

  test('the issuer\'s /.well-known/openid-configuration names the local endpoints, the exact issuer and a reachable jwks_uri', async () => {
    const discovery = (await call(`${oauthUrl}/.well-known/openid-configuration`)).body;
    const jwksUri = `${local.runner.cognitoEndpoint}/${authorizationPool.userPoolId}/.well-known/jwks.json`;
    expect(discovery).toMatchObject({ issuer: authorizationPool.issuer, token_endpoint: `${oauthUrl}/oauth2/token`, jwks_uri: jwksUri });
  });

  test.each([
    ['the same code twice', true, false],
    ['a wrong code_verifier', false, true],
  ])('authorization_code with %s → 400 invalid_grant', async (_what, twice, wrongVerifier) => {
    const { code, verifier } = await signInThroughPage(oauthUrl, authorizationPool.clientId, users.alice);
    const form = { grant_type: 'authorization_code', client_id: authorizationPool.clientId, code, redirect_uri: redirectUri, code_verifier: wrongVerifier ? `${verifier}x` : verifier };
    if (twice) expect((await oauthPost(`${oauthUrl}${tokenPath}`, form)).status).toBe(200);
    expect(await oauthPost(`${oauthUrl}${tokenPath}`, form)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  test('a redirect_uri that is not a callback URL of the client: an error page, no redirect', async () => {
    const params = new URLSearchParams({ response_type: 'code', client_id: authorizationPool.clientId, redirect_uri: 'https://evil.example.com/cb' });
    const answer = await fetch(`${oauthUrl}/oauth2/authorize?${params}`, { redirect: 'manual' });
    expect([answer.status, answer.headers.get('location')]).toEqual([400, null]);
    expect(await answer.text()).toContain('redirect_mismatch');
  });

  test('a scope the client may not ask for → back to the callback with error=invalid_scope', async () => {
    const params = new URLSearchParams({ response_type: 'code', client_id: authorizationPool.clientId, redirect_uri: redirectUri, scope: 'openid api/admin', state: 's1' });
    const answer = await fetch(`${oauthUrl}/oauth2/authorize?${params}`, { redirect: 'manual' });
    expect(answer.status).toBe(302);
    expect(Object.fromEntries(new URL(answer.headers.get('location')!).searchParams)).toEqual({ error: 'invalid_scope', state: 's1' });
  });

  test.each([
    ['a wrong secret', 'invalid_client', { grant_type: 'client_credentials', scope: 'api/items.read' }, 'wrong'],
    ['a scope it lacks (api/items.write)', 'invalid_scope', { grant_type: 'client_credentials', scope: 'api/items.write' }, undefined],
    ['the code grant, which it is not allowed', 'unauthorized_client', { grant_type: 'authorization_code', code: 'x', redirect_uri: redirectUri }, undefined],
  ])('machine client with %s → 400 %s', async (_what, error, form, secret) => {
    const answer = await oauthPost(`${oauthUrl}${tokenPath}`, form, { clientId: machine.clientId, secret: secret ?? machine.secret });
    expect(answer).toMatchObject({ status: 400, body: { error } });
  });

  test('client credentials with the secret in the form (client_secret_post) work too', async () => {
    const answer = await oauthPost(`${oauthUrl}${tokenPath}`, { grant_type: 'client_credentials', client_id: machine.clientId, client_secret: machine.secret });
    expect(answer.status).toBe(200);
    expect(claimsOf(answer.body.access_token)).toMatchObject({ sub: machine.clientId, client_id: machine.clientId, token_use: 'access', scope: 'api/items.read' });
  });

  test('refresh_token → new tokens that the API accepts; after /oauth2/revoke the refresh token and userInfo are refused', async () => {
    const { code, verifier } = await signInThroughPage(oauthUrl, authorizationPool.clientId, users.alice);
    const first = (await oauthPost(`${oauthUrl}${tokenPath}`, { grant_type: 'authorization_code', client_id: authorizationPool.clientId, code, redirect_uri: redirectUri, code_verifier: verifier })).body;
    const refresh = { grant_type: 'refresh_token', client_id: authorizationPool.clientId, refresh_token: first.refresh_token };
    const refreshed = await oauthPost(`${oauthUrl}${tokenPath}`, refresh);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).toBeUndefined();
    expect(claimsOf(refreshed.body.access_token).origin_jti).toBe(claimsOf(first.access_token).origin_jti);
    expect((await call(`${urls.items}items`, { token: refreshed.body.access_token })).status).toBe(200);
    expect(await call(`${oauthUrl}/oauth2/userInfo`, { token: refreshed.body.access_token })).toMatchObject({ status: 200, body: { email: users.alice.username } });

    expect((await oauthPost(`${oauthUrl}/oauth2/revoke`, { token: first.refresh_token, client_id: authorizationPool.clientId })).status).toBe(200);
    expect(await oauthPost(`${oauthUrl}${tokenPath}`, refresh)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect((await call(`${oauthUrl}/oauth2/userInfo`, { token: refreshed.body.access_token })).status).toBe(401);
  });

  test('/logout redirects to a registered sign-out URL only', async () => {
    const logout = (uri: string) => fetch(`${oauthUrl}/logout?${new URLSearchParams({ client_id: authorizationPool.clientId, logout_uri: uri })}`, { redirect: 'manual' });
    const ok = await logout('http://localhost:3000/');
    expect([ok.status, ok.headers.get('location')]).toEqual([302, 'http://localhost:3000/']);
    expect((await logout('https://evil.example.com/')).status).toBe(400);
  });
});

describe('what used to be checked on AWS only, now run locally', () => {
  test('group-scopes trigger: the construct\'s pre-token-generation Lambda (V2) runs locally and adds group:admin to a member\'s access token only', () => {
    expect(claimsOf(codeFlow.admin.access_token).scope.split(' ')).toContain('group:admin');
    expect(claimsOf(codeFlow.alice.access_token).scope.split(' ')).not.toContain('group:admin');
  });

  test('client credentials: the reporting machine client gets an api/items.read token from the local /oauth2/token', () => {
    expect(claimsOf(machineToken)).toMatchObject({ client_id: machine.clientId, scope: 'api/items.read', iss: authorizationPool.issuer });
  });

  test('custom scopes in user tokens: api/items.read through the authorization code flow', () => {
    expect(claimsOf(codeFlow.alice.access_token).scope).toBe('openid email api/items.read');
  });

  test('passwords are checked on the local sign-in page: a wrong one gets "Incorrect username or password." and no code', async () => {
    await expect(signInThroughPage(oauthUrl, authorizationPool.clientId, { username: users.alice.username, password: 'Wrong-Passw0rd' }))
      .rejects.toThrow(/answered 401: [\s\S]*Incorrect username or password\./);
  });
});

test('the outputs that name an emulated endpoint are local: the API URL and the pool domain\'s TokenUrl', () => {
  const stack = local.runner.stack('AuthorizationExampleStack');
  const output = (name: string) => Object.entries(stack.outputs).find(([key]) => new RegExp(`${name}[0-9A-F]{8}$`).test(key))?.[1];
  expect(output('TokenUrl')).toBe(`${stack.userPools[0].oauth!.url}/oauth2/token`);
  expect(output('ApiUrl')).toBe(stack.apis[0].url);
});

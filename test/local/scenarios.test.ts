import { Stack } from 'aws-cdk-lib';
import { CorsHttpMethod, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  apiUrl, call, claimsOf, FakeIssuer, RUNNER_TIMEOUT_MS, signAsMoto, signedInUser, startFakeIssuer, startTestRunner,
  synthApp, tampered, TestRunner, Tokens, unsigned,
} from './helpers';
import { CognitoProtectedHttpApi, WhoamiFunction } from '../../src';
import { CognitoClient } from '../../src/local/cognito-client';
import { AuthorizationExampleStack } from '../example/authorization-example-stack';
import { ExternalIssuerExampleStack } from '../example/external-issuer-example-stack';

/**
 * Who gets through, on the authorization and external-issuer examples, run locally: one row per
 * caller and route. Tokens come from the emulator (moto) except where a row says "signed with moto's
 * key": those carry what moto cannot issue (expired; scopes that only a Lambda trigger or
 * /oauth2/token would add), to show the API's side of those flows.
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

beforeAll(async () => {
  issuer = await startFakeIssuer(EXTERNAL_ISSUER);
  const assembly = synthApp((app) => {
    new AuthorizationExampleStack(app, 'AuthorizationExampleStack');
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

describe('what the emulator cannot show (checked on AWS only)', () => {
  test.todo('group-scopes trigger: Cognito runs the pre-token-generation Lambda that adds group:<name> to access tokens — moto runs no Lambda triggers (rows above sign that token with moto\'s key instead)');
  test.todo('client credentials: the reporting machine client gets an api/items.read token from /oauth2/token — moto has no /oauth2/token');
  test.todo('custom scopes in user tokens (api/items.read through the authorization code flow) — moto puts only aws.cognito.signin.user.admin in access tokens');
  test.todo('USER_SRP_AUTH: moto accepts SRP without checking the proof; confirmation codes and SECRET_HASH are not checked either');
});

import { execFile } from 'child_process';
import * as path from 'path';
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from 'amazon-cognito-identity-js';
import { decodeProtectedHeader } from 'jose';
import { apiUrl, call, claimsOf, RUNNER_TIMEOUT_MS, signedInUser, synthApp } from './helpers';
import { LocalRunner, LocalRunnerOptions, LocalUserPool, startLocal } from '../../src/local/app/runner';
import { CognitoClient } from '../../src/local/cognito/client';
import { AuthorizationExampleStack } from '../example/authorization-example-stack';
import { ExternalIssuerExampleStack } from '../example/external-issuer-example-stack';

/**
 * A standard OIDC client, unmodified but for plain http: openid-client v6 discovers the pool from its
 * issuer (RFC 8414 §3.3, OIDC Discovery §4.3: the document's `issuer` equals the URL it was fetched
 * from and the ID tokens' `iss`), runs the code flow with PKCE on the local sign-in page, validates the
 * ID token (issuer, audience, nonce, signature by `jwks_uri`), reads userinfo, refreshes, revokes and
 * runs client credentials; the gateway accepts what it got. `issuer: 'aws'` (the default) keeps the AWS
 * `iss`. In both modes the tokens carry the pool's own key id, and amazon-cognito-identity-js's
 * `getUserAttributes` (GetUser) works with the front's access tokens.
 */

const STACK = 'AuthorizationExampleStack';
const CALLBACK = 'http://localhost:3000/callback';
const PASSWORD = 'Oidc-Passw0rd';
let assemblyDir: string;

beforeAll(() => {
  assemblyDir = synthApp((app) => {
    new AuthorizationExampleStack(app, STACK);
    new ExternalIssuerExampleStack(app, 'ExternalIssuerExampleStack');
  });
});

interface Started {
  readonly runner: LocalRunner;
  readonly pool: LocalUserPool;
  readonly clientId: string;
  readonly machineClientId: string;
  readonly machineSecret: string;
  readonly apiUrl: string;
  readonly output: string[];
}

async function start(issuer: LocalRunnerOptions['issuer']): Promise<Started> {
  const output: string[] = [];
  const runner = await startLocal({ assemblyDir, endpointsFile: false, issuer, log: (line) => output.push(line) });
  const stack = runner.stack(STACK);
  const pool = stack.userPools[0];
  const reporting = pool.clients.find((client) => client.name === 'reporting')!;
  return {
    runner,
    pool,
    clientId: pool.clients.find((client) => client.logicalId.startsWith('ApiUserPoolClient'))!.clientId,
    machineClientId: reporting.clientId,
    machineSecret: reporting.clientSecret!,
    apiUrl: stack.apis[0].url,
    output,
  };
}

/** A confirmed user with a password, created through the runner's Cognito endpoint. */
async function createUser(started: Started): Promise<string> {
  const cognito = new CognitoClient(started.runner.cognitoEndpoint, started.runner.stack(STACK).region);
  const email = `oidc-${Math.random().toString(36).slice(2, 10)}@example.com`;
  const { userPoolId } = started.pool;
  await cognito.call('AdminCreateUser', { UserPoolId: userPoolId, Username: email, MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: email }] });
  await cognito.call('AdminSetUserPassword', { UserPoolId: userPoolId, Username: email, Password: PASSWORD, Permanent: true });
  return email;
}

function runOpenIdClient(input: Record<string, string>): Promise<any> {
  const script = path.join(__dirname, 'clients', 'openid-client-flow.mjs');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [script, JSON.stringify(input)], { timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`${error.message}\n${stderr}`));
      resolve(JSON.parse(stdout));
    });
  });
}

/** amazon-cognito-identity-js: USER_PASSWORD_AUTH (the front issues the tokens), then `getUserAttributes` (GetUser). */
function signInAndGetAttributes(started: Started, username: string): Promise<{ accessToken: string; attributes: Record<string, string> }> {
  const pool = new CognitoUserPool({ UserPoolId: started.pool.userPoolId, ClientId: started.clientId, endpoint: started.runner.cognitoEndpoint });
  const user = new CognitoUser({ Username: username, Pool: pool });
  user.setAuthenticationFlowType('USER_PASSWORD_AUTH');
  return new Promise((resolve, reject) => {
    user.authenticateUser(new AuthenticationDetails({ Username: username, Password: PASSWORD }), {
      onFailure: reject,
      onSuccess: (session) => user.getUserAttributes((error, attributes) => {
        if (error) return reject(error);
        const named = Object.fromEntries((attributes ?? []).map((attribute) => [attribute.getName(), attribute.getValue()]));
        resolve({ accessToken: session.getAccessToken().getJwtToken(), attributes: named });
      }),
    });
  });
}

async function kidsAt(jwksUri: string): Promise<string[]> {
  const jwks = await (await fetch(jwksUri)).json() as { keys: Array<{ kid: string }> };
  return jwks.keys.map((key) => key.kid);
}

describe('issuer: local — openid-client v6 discovers the pool and runs its flows', () => {
  let started: Started;
  let username: string;
  let flow: any;

  beforeAll(async () => {
    started = await start('local');
    username = await createUser(started);
    flow = await runOpenIdClient({
      issuer: started.pool.issuer,
      clientId: started.clientId,
      redirectUri: CALLBACK,
      username,
      password: PASSWORD,
      machineClientId: started.machineClientId,
      machineSecret: started.machineSecret,
      machineScope: 'api/items.read',
    });
  }, RUNNER_TIMEOUT_MS);
  afterAll(() => started?.runner.stop());

  test('the issuer is the Cognito endpoint + "/" + the pool id', () => {
    expect(started.pool.issuer).toBe(`${started.runner.cognitoEndpoint}/${started.pool.userPoolId}`);
  });

  test('discovery: the document at the issuer names the issuer, the domain\'s endpoints and a local jwks_uri', () => {
    expect(flow.failed).toBeUndefined();
    const oauth = started.pool.oauth!.url;
    expect(flow.discovery).toMatchObject({
      issuer: started.pool.issuer,
      authorization_endpoint: `${oauth}/oauth2/authorize`,
      token_endpoint: `${oauth}/oauth2/token`,
      userinfo_endpoint: `${oauth}/oauth2/userInfo`,
      revocation_endpoint: `${oauth}/oauth2/revoke`,
      end_session_endpoint: `${oauth}/logout`,
      jwks_uri: `${started.pool.issuer}/.well-known/jwks.json`,
    });
  });

  test('code flow with PKCE: the ID token openid-client validated has the local issuer, the client as audience, the nonce', async () => {
    expect(flow.idTokenClaims).toMatchObject({ iss: started.pool.issuer, aud: started.clientId, token_use: 'id', email: username });
    expect(typeof flow.idTokenClaims.nonce).toBe('string');
    const kid = decodeProtectedHeader(flow.accessToken).kid!;
    expect(kid).not.toBe('dummy');
    expect(await kidsAt(flow.discovery.jwks_uri)).toContain(kid);
  });

  test('userinfo, refresh, revocation (then the refresh token is refused), client credentials', () => {
    expect(flow.userInfo).toMatchObject({ sub: flow.idTokenClaims.sub, email: username });
    expect(claimsOf(flow.refreshed.accessToken).iss).toBe(started.pool.issuer);
    expect(flow.refreshed.idTokenClaims.sub).toBe(flow.idTokenClaims.sub);
    expect(flow.revoked).toBe(true);
    expect(flow.refreshAfterRevocation).toEqual({ accepted: false, name: 'ResponseBodyError', error: 'invalid_grant', status: 400 });
    expect(flow.machine).toMatchObject({ tokenType: 'bearer' });
    expect(claimsOf(flow.machine.accessToken)).toMatchObject({ iss: started.pool.issuer, client_id: started.machineClientId, scope: 'api/items.read' });
  });

  test('the gateway\'s JWT authorizer accepts the local-issuer access tokens', async () => {
    expect((await call(`${started.apiUrl}items`, { token: flow.accessToken })).status).toBe(200);
    expect((await call(`${started.apiUrl}items`, { token: flow.machine.accessToken })).status).toBe(200);
    expect((await call(`${started.apiUrl}me`)).status).toBe(401);
  });

  test('amazon-cognito-identity-js: getUserAttributes (GetUser) with the front\'s access token', async () => {
    const got = await signInAndGetAttributes(started, username);
    expect(claimsOf(got.accessToken).iss).toBe(started.pool.issuer);
    expect(got.attributes).toMatchObject({ email: username });
  });

  test('the shipped Lambda authorizer accepts its pool\'s local issuer (CDK_LOCAL_ISSUER_MAP)', async () => {
    const stack = started.runner.stack('ExternalIssuerExampleStack');
    const pool = stack.userPools[0];
    const tokens = await signedInUser(started.runner, stack.region, pool.userPoolId, pool.clients[0].clientId);
    expect(claimsOf(tokens.idToken).iss).toBe(`${started.runner.cognitoEndpoint}/${pool.userPoolId}`);
    const answer = await call(`${apiUrl(started.runner, 'ExternalIssuerExampleStack', 'AdminApi')}me`, { token: tokens.idToken });
    expect({ status: answer.status, log: answer.status === 200 ? [] : started.output.filter((line) => line.includes('jwt-authorizer')) }).toEqual({ status: 200, log: [] });
  });
});

describe('issuer: aws (the default) — the AWS iss, the pool\'s own key', () => {
  let started: Started;
  let username: string;

  beforeAll(async () => {
    started = await start(undefined);
    username = await createUser(started);
  }, RUNNER_TIMEOUT_MS);
  afterAll(() => started?.runner.stop());

  test('tokens carry the AWS issuer and a real key id, which the domain\'s discovery jwks_uri (a local URL) serves', async () => {
    const awsIssuer = `https://cognito-idp.${started.runner.stack(STACK).region}.amazonaws.com/${started.pool.userPoolId}`;
    expect(started.pool.issuer).toBe(awsIssuer);
    const got = await signInAndGetAttributes(started, username);
    expect(claimsOf(got.accessToken).iss).toBe(awsIssuer);
    expect(got.attributes).toMatchObject({ email: username });
    const discovery = await (await fetch(`${started.pool.oauth!.url}/.well-known/openid-configuration`)).json() as any;
    expect(discovery.issuer).toBe(awsIssuer);
    expect(discovery.jwks_uri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    const kid = decodeProtectedHeader(got.accessToken).kid!;
    expect(kid).not.toBe('dummy');
    expect(await kidsAt(discovery.jwks_uri)).toContain(kid);
    // The gateway fetches the AWS issuer's keys through the runner's URL map: they hold that key id.
    expect((await call(`${started.apiUrl}me`, { token: got.accessToken })).status).toBe(200);
  });
});

import { spawnSync } from 'child_process';
import { createHash, randomBytes } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import {
  CognitoIdentityProviderClient, CreateUserPoolClientCommand, CreateUserPoolClientCommandInput, CreateUserPoolCommand, CreateUserPoolCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { App } from 'aws-cdk-lib';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { AccessLogEntry } from '../../src/local/api/gateway';
import { ensureMotoVenv } from '../../src/local/app/moto';
import { LocalRunner, startLocal } from '../../src/local/app/runner';
import { CognitoClient, CognitoError } from '../../src/local/cognito/client';
import { UrlMapping } from '../../src/local/url-map';

/** Shared by the test/local suites: synth, runner, users and tokens, HTTP calls. */

/** Enough for moto's first-run install (a minute) on a busy machine. */
export const RUNNER_TIMEOUT_MS = 240_000;

/** Synthesizes the stacks `build` adds into a temporary cloud assembly (no bundling: assets are pre-built). */
export function synthApp(build: (app: App) => void): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-local-test-'));
  const app = new App({ analyticsReporting: false, outdir });
  build(app);
  app.synth();
  return outdir;
}

export interface TestRunner {
  readonly runner: LocalRunner;
  readonly accessLog: AccessLogEntry[];
  /** The runner's and the handlers' output, printed when a suite fails to start. */
  readonly output: string[];
}

export async function startTestRunner(assemblyDir: string, urlMappings: UrlMapping[] = []): Promise<TestRunner> {
  const accessLog: AccessLogEntry[] = [];
  const output: string[] = [];
  const runner = await startLocal({
    assemblyDir,
    endpointsFile: path.join(assemblyDir, 'local-endpoints.json'),
    urlMappings,
    log: (line) => output.push(line),
    onAccessLog: (entry) => accessLog.push(entry),
  });
  return { runner, accessLog, output };
}

/** The URL of a stack's API (by the construct's id, e.g. `Api`, `AdminApi`). */
export function apiUrl(runner: LocalRunner, stackId: string, apiName: string): string {
  const api = runner.stack(stackId).apis.find((candidate) => candidate.name === apiName);
  if (!api) throw new Error(`${stackId} has no API named ${apiName}`);
  return api.url;
}

export interface Tokens {
  readonly idToken: string;
  readonly accessToken: string;
  readonly sub: string;
  readonly username: string;
  readonly password: string;
}

/** Creates a confirmed user (optionally in groups, with more attributes) in a pool and logs in with `clientId`. */
export async function signedInUser(
  runner: LocalRunner, region: string, userPoolId: string, clientId: string, options: { groups?: string[]; attributes?: Record<string, string> } = {},
): Promise<Tokens> {
  const cognito = new CognitoClient(runner.cognitoEndpoint, region);
  const email = `user-${Math.random().toString(36).slice(2, 10)}@example.com`;
  const password = 'Test-Passw0rd';
  const { UserSub } = await cognito.call('SignUp', {
    ClientId: clientId,
    Username: email,
    Password: password,
    UserAttributes: [
      { Name: 'email', Value: email }, ...Object.entries(options.attributes ?? {}).map(([Name, Value]) => ({ Name, Value })),
    ],
  });
  await cognito.call('AdminConfirmSignUp', { UserPoolId: userPoolId, Username: email });
  for (const group of options.groups ?? []) {
    await cognito.call('AdminAddUserToGroup', { UserPoolId: userPoolId, Username: email, GroupName: group });
  }
  const { AuthenticationResult } = await cognito.call('InitiateAuth', {
    ClientId: clientId,
    AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: email, PASSWORD: password },
  });
  return { idToken: AuthenticationResult.IdToken, accessToken: AuthenticationResult.AccessToken, sub: UserSub, username: email, password };
}

/**
 * moto signs every token with one static key that ships in its package: tests sign with it (through
 * moto's own JOSE library) to make tokens moto cannot issue — expired ones, or ones with the scopes a
 * trigger or /oauth2/token would add.
 */
export function signAsMoto(claims: Record<string, unknown>): string {
  const script = [
    'import gzip, json, os, sys',
    'from joserfc import jwt',
    'from joserfc.jwk import RSAKey',
    'import moto.cognitoidp.models as models',
    "path = os.path.join(os.path.dirname(models.__file__), 'resources', 'jwks-private.json.gz')",
    'key = RSAKey.import_key(json.load(gzip.open(path)))',
    "print(jwt.encode({'alg': 'RS256', 'kid': key.kid or 'dummy', 'typ': 'JWT'}, json.loads(sys.argv[1]), key))",
  ].join('\n');
  const result = spawnSync(ensureMotoVenv(), ['-c', script, JSON.stringify(claims)], { encoding: 'utf-8' });
  if (result.status !== 0) throw new Error(`signing with moto's key failed: ${result.stderr}`);
  return result.stdout.trim();
}

/** A token's payload. */
export function claimsOf(token: string): Record<string, any> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf-8'));
}

/** Same header and signature, another payload: what a forger would send. */
export function tampered(token: string, change: Record<string, unknown>): string {
  const [header, , signature] = token.split('.');
  const payload = Buffer.from(JSON.stringify({ ...claimsOf(token), ...change })).toString('base64url');
  return `${header}.${payload}.${signature}`;
}

/** An unsigned token (`alg: none`) with the payload of `token`. */
export function unsigned(token: string): string {
  const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
  return `${header}.${token.split('.')[1]}.`;
}

/** An OIDC issuer on 127.0.0.1 standing in for an external one (its JWKS at /.well-known/jwks.json). */
export interface FakeIssuer {
  readonly url: string;
  sign(claims: Record<string, unknown>): Promise<string>;
  stop(): Promise<void>;
}

export async function startFakeIssuer(issuer: string): Promise<FakeIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'fake-1', alg: 'RS256', use: 'sig' }] };
  const server = http.createServer((request, response) => {
    if (request.url === '/.well-known/jwks.json') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url,
    sign: (claims) => new SignJWT({ iss: issuer, ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'fake-1' })
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey),
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface CallResult {
  readonly status: number;
  readonly body: any;
  readonly headers: Headers;
}

export async function call(url: string, options: { method?: string; token?: string; headers?: Record<string, string> } = {}): Promise<CallResult> {
  const response = await fetch(url, {
    method: options.method ?? 'GET',
    headers: { ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...options.headers },
  });
  const text = await response.text();
  let body: any = text;
  try {
    body = text ? JSON.parse(text) : '';
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body, headers: response.headers };
}

/**
 * Invokes a function through the runner's Lambda endpoint as the Lambda API's Invoke does
 * (`POST /2015-03-31/functions/{FunctionName}/invocations`); the body parsed when it is JSON.
 */
export async function invoke(
  runner: LocalRunner, functionName: string, payload?: unknown, headers: Record<string, string> = {},
): Promise<CallResult> {
  const response = await fetch(`${runner.lambdaEndpoint}/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`, {
    method: 'POST', headers, ...payload === undefined ? {} : { body: JSON.stringify(payload) },
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : text, headers: response.headers };
}

/** An authorization code from the local sign-in page (code flow with PKCE S256), and its verifier. */
export async function signInThroughPage(
  oauthUrl: string, clientId: string, user: { username: string; password: string },
  options: { redirectUri?: string; scope?: string } = {},
): Promise<{ code: string; verifier: string; state: string }> {
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(8).toString('hex');
  const params = {
    response_type: 'code',
    client_id: clientId,
    redirect_uri: options.redirectUri ?? 'http://localhost:3000/callback',
    scope: options.scope ?? 'openid email api/items.read',
    state,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  };
  const page = await fetch(`${oauthUrl}/oauth2/authorize?${new URLSearchParams(params)}`);
  if (page.status !== 200) throw new Error(`/oauth2/authorize answered ${page.status}: ${await page.text()}`);
  const answer = await fetch(`${oauthUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...params, username: user.username, password: user.password }),
  });
  const location = answer.headers.get('location');
  if (answer.status !== 302 || !location) throw new Error(`the sign-in page answered ${answer.status}: ${await answer.text()}`);
  const code = new URL(location).searchParams.get('code');
  if (!code) throw new Error(`no code in ${location}`);
  return { code, verifier, state };
}

/** POSTs a form to the local /oauth2/token (or another OAuth endpoint), with Basic auth when a secret is given. */
export async function oauthPost(
  url: string, form: Record<string, string>, basic?: { clientId: string; secret: string },
): Promise<CallResult> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(basic ? { authorization: `Basic ${Buffer.from(`${basic.clientId}:${basic.secret}`).toString('base64')}` } : {}),
    },
    body: new URLSearchParams(form),
  });
  const text = await response.text();
  let body: any = text;
  try {
    body = text ? JSON.parse(text) : '';
  } catch {
    // not JSON
  }
  return { status: response.status, body, headers: response.headers };
}

/** A Cognito call's outcome as the tables state it: `<code>: <message>` for a Cognito error, or `ok`. */
export async function cognitoOutcome(cognito: CognitoClient, action: string, body: Record<string, unknown>): Promise<string> {
  try {
    await cognito.call(action, body);
    return 'ok';
  } catch (error) {
    if (error instanceof CognitoError) return `${error.code}: ${error.detail}`;
    throw error;
  }
}

/** A pool created through the runner's Cognito endpoint: its id, and its app clients' ids and secrets by name. */
export interface ApiPool {
  readonly userPoolId: string;
  readonly clients: Record<string, { readonly id: string; readonly secret?: string }>;
}

/**
 * Creates a pool and its app clients as an app does at runtime: the AWS SDK's CreateUserPool and
 * CreateUserPoolClient against the runner's Cognito endpoint (the front learns them from its answers).
 */
export async function createApiPool(
  endpoint: string, region: string, pool: Record<string, unknown>, clients: Record<string, Record<string, unknown>>,
): Promise<ApiPool> {
  const sdk = new CognitoIdentityProviderClient({ region, endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    const { UserPool } = await sdk.send(new CreateUserPoolCommand({ PoolName: `api-${randomBytes(4).toString('hex')}`, ...pool } as CreateUserPoolCommandInput));
    const created: ApiPool['clients'] = {};
    for (const [name, settings] of Object.entries(clients)) {
      const input = { UserPoolId: UserPool!.Id, ClientName: name, ...settings } as CreateUserPoolClientCommandInput;
      const { UserPoolClient } = await sdk.send(new CreateUserPoolClientCommand(input));
      created[name] = { id: UserPoolClient!.ClientId!, secret: UserPoolClient!.ClientSecret };
    }
    return { userPoolId: UserPool!.Id!, clients: created };
  } finally {
    sdk.destroy();
  }
}

/**
 * The sign-in example's pool (test/example) created through the API: email as the username,
 * passwords, passkeys on auth.example.com (SetUserPoolMfaConfig) and email one-time codes as first
 * factors; its client `app` allows USER_AUTH, SRP and passwords.
 */
export async function createChoiceBasedApiPool(endpoint: string, region: string): Promise<ApiPool> {
  const created = await createApiPool(endpoint, region, {
    UsernameAttributes: ['email'],
    AutoVerifiedAttributes: ['email'],
    Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN', 'EMAIL_OTP'] } },
  }, {
    app: { ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'], PreventUserExistenceErrors: 'ENABLED' },
  });
  await new CognitoClient(endpoint, region).call('SetUserPoolMfaConfig', {
    UserPoolId: created.userPoolId, WebAuthnConfiguration: { RelyingPartyId: 'auth.example.com', UserVerification: 'preferred' },
  });
  return created;
}

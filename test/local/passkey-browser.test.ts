import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { CorsHttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { chromium, Browser, Page } from 'playwright-core';
import { apiUrl, RUNNER_TIMEOUT_MS, signedInUser, startTestRunner, synthApp, TestRunner, Tokens } from './helpers';
import { CognitoProtectedHttpApi, SignInMethod, WhoamiFunction } from '../../src';
import { CognitoClient } from '../../src/local/cognito/client';

/**
 * A browser registers a passkey and signs in with it against the local Cognito: a page on
 * `http://localhost:<port>` (a secure context) calls StartWebAuthnRegistration,
 * `navigator.credentials.create`, CompleteWebAuthnRegistration, then USER_AUTH with
 * `PREFERRED_CHALLENGE: WEB_AUTHN`, `navigator.credentials.get`, RespondToAuthChallenge WEB_AUTHN,
 * and calls the API with the ID token. Chromium's virtual authenticator (DevTools protocol,
 * `WebAuthn.addVirtualAuthenticator`) makes the attestation and assertions; the front verifies them
 * with @simplewebauthn/server. The template's relying party is app.example.com: the local page gets
 * `localhost` (front/passkeys.ts). A screenshot is saved under test-reports/.
 */

jest.setTimeout(RUNNER_TIMEOUT_MS);

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT = path.join(__dirname, '..', '..', 'test-reports', 'passkey-sign-in.png');
const REGION = 'us-east-1';

let server: http.Server;
let origin: string;
let config: Record<string, string> = {};
let local: TestRunner;
let browser: Browser | undefined;
let page: Page;
let user: Tokens;
let front: CognitoClient;
let clientId: string;

beforeAll(async () => {
  const html = fs.readFileSync(path.join(__dirname, 'passkey-page', 'index.html'));
  server = http.createServer((request, response) => {
    if (request.url === '/config.json') return response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(config));
    if (request.url === '/') return response.writeHead(200, { 'content-type': 'text/html' }).end(html);
    return response.writeHead(404).end();
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  origin = `http://localhost:${(server.address() as AddressInfo).port}`;

  local = await startTestRunner(synthApp((app) => {
    const stack = new Stack(app, 'PasskeyStack');
    new CognitoProtectedHttpApi(stack, 'Api', {
      signInMethods: [SignInMethod.PASSWORD, SignInMethod.PASSKEY],
      passkeyRelyingPartyId: 'app.example.com',
      corsPreflight: { allowOrigins: [origin], allowHeaders: ['authorization'], allowMethods: [CorsHttpMethod.GET] },
      routes: [{ path: '/protected', handler: new WhoamiFunction(stack, 'Handler') }],
    });
  }));
  const pool = local.runner.stack('PasskeyStack').userPools[0];
  clientId = pool.clients[0].clientId;
  config = { cognitoEndpoint: local.runner.cognitoEndpoint, clientId, apiUrl: apiUrl(local.runner, 'PasskeyStack', 'Api') };
  front = new CognitoClient(local.runner.cognitoEndpoint, REGION);
  user = await signedInUser(local.runner, REGION, pool.userPoolId, clientId);

  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  page = await browser.newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
  });
  await page.goto(origin);
});

afterAll(async () => {
  await browser?.close();
  await local?.runner.stop();
  await new Promise((resolveClose) => server?.close(resolveClose));
});

test('the page registers a passkey (relying party localhost); ListWebAuthnCredentials shows it and SELECT_CHALLENGE now offers WEB_AUTHN', async () => {
  await page.evaluate((accessToken) => (globalThis as any).registerPasskey(accessToken), user.accessToken);
  const { Credentials } = await front.call('ListWebAuthnCredentials', { AccessToken: user.accessToken });
  expect(Credentials).toHaveLength(1);
  expect(Credentials[0]).toMatchObject({ RelyingPartyId: 'localhost', AuthenticatorAttachment: 'platform', FriendlyCredentialName: 'Passkey' });
  expect(typeof Credentials[0].CreatedAt).toBe('number');
  const select = await front.call('InitiateAuth', { ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: user.username } });
  expect(select.AvailableChallenges).toContain('WEB_AUTHN');
});

test('the page signs in with the passkey (USER_AUTH, WEB_AUTHN) and calls GET /protected with the ID token → 200', async () => {
  expect(await page.evaluate((username) => (globalThis as any).signInWithPasskey(username, false), user.username)).toBe(200);
  fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
  await page.screenshot({ path: SCREENSHOT });
  expect(await page.textContent('#status')).toBe('signed in with a passkey; GET /protected → 200');
  expect(fs.statSync(SCREENSHOT).size).toBeGreaterThan(0);
});

test('a tampered assertion (one bit of the signature) is refused: NotAuthorizedException', async () => {
  await expect(page.evaluate((username) => (globalThis as any).signInWithPasskey(username, true), user.username))
    .rejects.toThrow('NotAuthorizedException: Incorrect username or password.');
});

test('registering the same authenticator again is refused by the browser (excludeCredentials); deleting the passkey removes WEB_AUTHN', async () => {
  await expect(page.evaluate((accessToken) => (globalThis as any).registerPasskey(accessToken), user.accessToken)).rejects.toThrow(/InvalidStateError|excluded|registered/i);
  const { Credentials } = await front.call('ListWebAuthnCredentials', { AccessToken: user.accessToken });
  await front.call('DeleteWebAuthnCredential', { AccessToken: user.accessToken, CredentialId: Credentials[0].CredentialId });
  expect(await front.call('ListWebAuthnCredentials', { AccessToken: user.accessToken })).toEqual({ Credentials: [] });
  const select = await front.call('InitiateAuth', { ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: user.username } });
  expect(select.AvailableChallenges).not.toContain('WEB_AUTHN');
});

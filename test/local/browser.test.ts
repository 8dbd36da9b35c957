import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { CorsHttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { CfnUserPool } from 'aws-cdk-lib/aws-cognito';
import { chromium, Browser, Page } from 'playwright-core';
import { apiUrl, call, RUNNER_TIMEOUT_MS, signedInUser, startTestRunner, synthApp, TestRunner, Tokens } from './helpers';
import { CognitoProtectedHttpApi, RouteAuthorization, WhoamiFunction } from '../../src';
import { CognitoClient } from '../../src/local/cognito/client';

/**
 * A browser signs in: the example's single-page app (test/example/spa), served on 127.0.0.1, signs in
 * through the local sign-in page (code flow with PKCE), comes back to its callback URL and calls the
 * protected GET /items cross-origin. Headless Chromium (Debian's `chromium`, or
 * $CHROMIUM_PATH) driven by playwright-core; a screenshot is saved under test-reports/.
 * CORS as "Configuring CORS for HTTP APIs" says: API Gateway answers the preflight itself (no token
 * needed) and adds the CORS headers to the responses, 401 and 403 included.
 * Managed login's account pages ("Hosted UI endpoints reference",
 * https://docs.aws.amazon.com/cognito/latest/developerguide/hosted-UI-endpoints.html) in the same
 * browser: sign-up → the code from the message box → confirm → sign-in → the app's callback;
 * forgot password → code → new password → sign-in; a refused sign-up in a pool without self
 * sign-up (ClosedStack); `/logout` back to an allowed sign-out URL ("The managed login sign-out
 * endpoint", https://docs.aws.amazon.com/cognito/latest/developerguide/logout-endpoint.html).
 * A screenshot of the sign-up page is saved as $SIGN_UP_SCREENSHOT (default under test-reports/).
 */

jest.setTimeout(RUNNER_TIMEOUT_MS);

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT = path.join(__dirname, '..', '..', 'test-reports', 'browser-sign-in.png');
const SIGN_UP_SCREENSHOT = process.env.SIGN_UP_SCREENSHOT ?? path.join(__dirname, '..', '..', 'test-reports', 'managed-login-sign-up.png');

let spa: http.Server;
let origin: string;
let config: Record<string, string> = {};
let local: TestRunner;
let browser: Browser | undefined;
let user: Tokens;
let url: string;
let oauthUrl: string;
let clientId: string;
let userPoolId: string;
let closed: { oauthUrl: string; clientId: string; userPoolId: string };

beforeAll(async () => {
  // The app's origin first: the template registers its callback URL and CORS origin.
  const page = fs.readFileSync(path.join(__dirname, '..', 'example', 'spa', 'index.html'));
  spa = http.createServer((request, response) => {
    if (request.url === '/config.json') return response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(config));
    if (request.url === '/' || request.url?.startsWith('/callback')) return response.writeHead(200, { 'content-type': 'text/html' }).end(page);
    return response.writeHead(404).end();
  });
  await new Promise<void>((resolveListen) => spa.listen(0, '127.0.0.1', resolveListen));
  origin = `http://127.0.0.1:${(spa.address() as AddressInfo).port}`;

  local = await startTestRunner(synthApp((app) => {
    const stack = new Stack(app, 'SpaStack');
    const handler = new WhoamiFunction(stack, 'Handler');
    const api = new CognitoProtectedHttpApi(stack, 'Api', {
      apiScopes: [{ name: 'items.read', description: 'Read items' }],
      callbackUrls: [`${origin}/callback`],
      logoutUrls: [`${origin}/`],
      selfSignUpEnabled: true,
      corsPreflight: { allowOrigins: [origin], allowHeaders: ['authorization'], allowMethods: [CorsHttpMethod.GET] },
      routes: [
        { path: '/items', handler, authorization: RouteAuthorization.signedIn({ scopes: ['api/items.read'] }) },
      ],
    });
    // A required attribute the sign-up form asks for (the email is the username).
    (api.userPool.node.defaultChild as CfnUserPool).schema = [{ name: 'given_name', attributeDataType: 'String', mutable: true, required: true }];
    // Only administrators create users here (the construct's default: AllowAdminCreateUserOnly).
    const closedStack = new Stack(app, 'ClosedStack');
    new CognitoProtectedHttpApi(closedStack, 'Api', {
      callbackUrls: [`${origin}/callback`],
      routes: [{ path: '/items', handler: new WhoamiFunction(closedStack, 'Handler') }],
    });
  }));
  const pool = local.runner.stack('SpaStack').userPools[0];
  clientId = pool.clients[0].clientId;
  userPoolId = pool.userPoolId;
  oauthUrl = pool.oauth!.url;
  url = apiUrl(local.runner, 'SpaStack', 'Api');
  config = { oauthUrl, clientId, apiUrl: url, scope: 'openid email api/items.read' };
  const closedPool = local.runner.stack('ClosedStack').userPools[0];
  closed = { oauthUrl: closedPool.oauth!.url, clientId: closedPool.clients[0].clientId, userPoolId: closedPool.userPoolId };
  user = await signedInUser(local.runner, 'us-east-1', pool.userPoolId, clientId, { attributes: { given_name: 'Ada' } });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
});

afterAll(async () => {
  await browser?.close();
  await local?.runner.stop();
  await new Promise((resolveClose) => spa?.close(resolveClose));
});

test('the single-page app signs in through the local sign-in page (code flow + PKCE) and calls GET /items cross-origin → 200', async () => {
  const page = await browser!.newPage();
  await page.goto(origin);
  await page.click('#sign-in');
  await page.waitForSelector('#username');
  await page.fill('#username', user.username);
  await page.fill('#password', user.password);
  await page.click('#sign-in');
  await page.waitForURL(`${origin}/callback?**`);
  await page.waitForFunction('document.getElementById("status").textContent.startsWith("GET /items")', undefined, { timeout: 10_000 });
  fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
  await page.screenshot({ path: SCREENSHOT });
  expect(await page.textContent('#status')).toBe('GET /items → 200');
  expect(JSON.parse((await page.textContent('#result'))!)).toMatchObject({ scopes: ['openid', 'email', 'api/items.read'] });
  expect(fs.statSync(SCREENSHOT).size).toBeGreaterThan(0);
});

describe('CORS with an authorizer', () => {
  test('the preflight is answered without a token (204, the allowed origin, methods and headers)', async () => {
    const answer = await call(`${url}items`, { method: 'OPTIONS', headers: { 'origin': origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe(origin);
    expect(answer.headers.get('access-control-allow-methods')).toBe('GET');
    expect(answer.headers.get('access-control-allow-headers')).toBe('authorization');
  });

  test.each([
    ['no token', 401, undefined],
    ['an ID token (no api/items.read)', 403, 'id'],
  ])('%s → %s, with access-control-allow-origin (the browser can read the error)', async (_what, status, which) => {
    const answer = await call(`${url}items`, { headers: { origin }, token: which ? user.idToken : undefined });
    expect(answer.status).toBe(status);
    expect(answer.headers.get('access-control-allow-origin')).toBe(origin);
  });

  test('an origin that is not allowed gets no CORS headers', async () => {
    const answer = await call(`${url}items`, { headers: { origin: 'http://evil.example.com' } });
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('managed login on the local sign-in page', () => {
  const newPassword = 'New-Passw0rd!';

  /** The newest code the runner's message box holds for `email` (`GET <cognitoEndpoint>/local/messages`). */
  const codeFor = async (email: string, kind: string): Promise<string> => {
    const query = new URLSearchParams({ pool: userPoolId, username: email, kind });
    const { messages } = await (await fetch(`${local.runner.cognitoEndpoint}/local/messages?${query}`)).json() as { messages: Array<{ code: string }> };
    expect(messages.length).toBeGreaterThan(0);
    return messages[messages.length - 1].code;
  };

  /** The app's sign-in button, up to the local sign-in page. */
  const openSignIn = async (page: Page) => {
    await page.goto(origin);
    await page.click('#sign-in');
    await page.waitForSelector('#username');
  };

  /** Signs in on the sign-in page; the app exchanges the code at its callback and calls GET /items. */
  const signInAndCallBack = async (page: Page, username: string, password: string) => {
    await page.fill('#username', username);
    await page.fill('#password', password);
    await page.click('#sign-in');
    await page.waitForURL(`${origin}/callback?**`);
    await page.waitForFunction('document.getElementById("status").textContent.startsWith("GET /items")', undefined, { timeout: 10_000 });
    expect(await page.textContent('#status')).toBe('GET /items → 200');
  };

  const postForm = (target: string, form: Record<string, string>) => fetch(target, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form),
  });

  const email = `signed-up-${Date.now()}@example.com`;

  test('sign-up → the code from the message box → confirm → sign-in → the callback, whose code the app exchanges for tokens', async () => {
    const page = await browser!.newPage();
    await openSignIn(page);
    await page.click('#sign-up');
    await page.waitForURL(`${oauthUrl}/signup?**`);
    expect(await page.textContent('label:has(#username)')).toContain('Email');
    expect(await page.textContent('label:has(input[name="attr.given_name"])')).toContain('given_name');
    fs.mkdirSync(path.dirname(SIGN_UP_SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SIGN_UP_SCREENSHOT });
    await page.fill('#username', email);
    await page.fill('#password', 'short');
    await page.fill('input[name="attr.given_name"]', 'Grace');
    await page.click('#sign-up');
    // The front's password policy, in Cognito's words.
    expect(await page.textContent('#error')).toMatch(/^Password did not conform with policy/);
    await page.fill('#username', email);
    await page.fill('#password', user.password);
    await page.fill('input[name="attr.given_name"]', 'Grace');
    await page.click('#sign-up');
    await page.waitForURL(`${oauthUrl}/confirmUser?**`);
    await page.fill('#code', '000000');
    await page.click('#confirm');
    expect(await page.textContent('#error')).toBe('Invalid verification code provided, please try again.');
    await page.fill('#code', await codeFor(email, 'sign-up'));
    await page.click('#confirm');
    await page.waitForURL(`${oauthUrl}/login?**`);
    await signInAndCallBack(page, email, user.password);
    await page.close();
  });

  test('a sign-up without the required attribute is refused by the Cognito front, in Cognito\'s words', async () => {
    const params = { response_type: 'code', client_id: clientId, redirect_uri: `${origin}/callback`, scope: 'openid' };
    const refused = await postForm(`${oauthUrl}/signup`, { ...params, username: `no-name-${Date.now()}@example.com`, password: user.password });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Attributes did not conform to the schema: given_name: The attribute is required');
  });

  test('forgot password → the code from the message box → a new password → sign-in with it', async () => {
    const page = await browser!.newPage();
    await openSignIn(page);
    await page.click('#forgot-password');
    await page.fill('#username', email);
    await page.click('#reset');
    await page.waitForURL(`${oauthUrl}/confirmForgotPassword?**`);
    await page.fill('#code', await codeFor(email, 'forgot-password'));
    await page.fill('#password', newPassword);
    await page.click('#change-password');
    await page.waitForURL(`${oauthUrl}/login?**`);
    await page.fill('#username', email);
    await page.fill('#password', user.password);
    await page.click('#sign-in');
    expect(await page.textContent('#error')).toBe('Incorrect username or password.');
    await signInAndCallBack(page, email, newPassword);
    await page.close();
  });

  test('self sign-up off: the sign-in page offers no sign-up, and a direct POST /signup is refused with Cognito\'s message (no user made)', async () => {
    const params = { response_type: 'code', client_id: closed.clientId, redirect_uri: `${origin}/callback`, scope: 'openid' };
    const signIn = await fetch(`${closed.oauthUrl}/oauth2/authorize?${new URLSearchParams(params)}`);
    const html = await signIn.text();
    expect(signIn.status).toBe(200);
    expect(html).toContain('id="forgot-password"');
    expect(html).not.toContain('/signup');
    const refused = await postForm(`${closed.oauthUrl}/signup`, { ...params, username: 'intruder@example.com', password: user.password });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('SignUp is not permitted for this user pool');
    const cognito = new CognitoClient(local.runner.cognitoEndpoint, 'us-east-1');
    const { Users } = await cognito.call('ListUsers', { UserPoolId: closed.userPoolId, Filter: 'email = "intruder@example.com"' });
    expect(Users).toEqual([]);
  });

  test('/logout redirects to an allowed sign-out URL (logout_uri), else shows an error page', async () => {
    const page = await browser!.newPage();
    const logout = (uri: string) => `${oauthUrl}/logout?${new URLSearchParams({ client_id: clientId, logout_uri: uri })}`;
    await page.goto(logout(`${origin}/`));
    expect(page.url()).toBe(`${origin}/`);
    const refused = await page.goto(logout('https://evil.example.com/'));
    expect(refused!.status()).toBe(400);
    expect(await page.textContent('#error')).toContain('redirect_mismatch');
    await page.close();
  });
});

import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { CorsHttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { chromium, Browser } from 'playwright-core';
import { apiUrl, call, RUNNER_TIMEOUT_MS, signedInUser, startTestRunner, synthApp, TestRunner, Tokens } from './helpers';
import { CognitoProtectedHttpApi, RouteAuthorization, WhoamiFunction } from '../../src';

/**
 * A browser signs in: the example's single-page app (test/example/spa), served on 127.0.0.1, signs in
 * through the local sign-in page (code flow with PKCE), comes back to its callback URL and calls the
 * protected GET /items cross-origin. Headless Chromium (Debian's `chromium`, or
 * $CHROMIUM_PATH) driven by playwright-core; a screenshot is saved under test-reports/.
 * CORS as "Configuring CORS for HTTP APIs" says: API Gateway answers the preflight itself (no token
 * needed) and adds the CORS headers to the responses, 401 and 403 included.
 */

jest.setTimeout(RUNNER_TIMEOUT_MS);

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT = path.join(__dirname, '..', '..', 'test-reports', 'browser-sign-in.png');

let spa: http.Server;
let origin: string;
let config: Record<string, string> = {};
let local: TestRunner;
let browser: Browser | undefined;
let user: Tokens;
let url: string;

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
    new CognitoProtectedHttpApi(stack, 'Api', {
      apiScopes: [{ name: 'items.read', description: 'Read items' }],
      callbackUrls: [`${origin}/callback`],
      corsPreflight: { allowOrigins: [origin], allowHeaders: ['authorization'], allowMethods: [CorsHttpMethod.GET] },
      routes: [
        { path: '/items', handler, authorization: RouteAuthorization.signedIn({ scopes: ['api/items.read'] }) },
      ],
    });
  }));
  const pool = local.runner.stack('SpaStack').userPools[0];
  const clientId = pool.clients[0].clientId;
  url = apiUrl(local.runner, 'SpaStack', 'Api');
  config = { oauthUrl: pool.oauth!.url, clientId, apiUrl: url, scope: 'openid email api/items.read' };
  user = await signedInUser(local.runner, 'us-east-1', pool.userPoolId, clientId);
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

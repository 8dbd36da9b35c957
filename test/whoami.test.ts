import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';

// The bundled asset, as it ships in every package (built by `pre-compile`), not the TypeScript source.
const ASSET = path.join(__dirname, '../assets/whoami.lambda/index.js');
const { handler } = createRequire(__filename)(ASSET) as { handler: (event: unknown) => Promise<any> };

const jwtEvent = {
  version: '2.0',
  routeKey: 'GET /protected',
  rawPath: '/protected',
  requestContext: {
    routeKey: 'GET /protected',
    authorizer: {
      principalId: '',
      integrationLatency: 0,
      jwt: {
        claims: { 'sub': 'abc-123', 'cognito:username': 'alice', 'token_use': 'id', 'email': 'alice@example.com' },
        scopes: null,
      },
    },
  },
};

test('the bundle is small and self-contained', () => {
  const code = fs.readFileSync(ASSET, 'utf-8');
  expect(code).not.toMatch(/require\(["'](?!node:|crypto|util)[^"']+["']\)/);
  expect(code.length).toBeLessThan(10_000);
});

test('answers a signed-in caller with the verified claims', async () => {
  const response = await handler(jwtEvent);
  expect(response.statusCode).toBe(200);
  expect(response.headers).toEqual({ 'content-type': 'application/json' });
  expect(JSON.parse(response.body)).toEqual({
    message: 'Hello, signed-in caller',
    routeKey: 'GET /protected',
    subject: 'abc-123',
    username: 'alice',
    tokenUse: 'id',
    scopes: [],
    claims: jwtEvent.requestContext.authorizer.jwt.claims,
  });
});

test('reports the scopes of an access token', async () => {
  const event = structuredClone(jwtEvent);
  event.requestContext.authorizer.jwt = {
    claims: { sub: 'abc-123', username: 'alice', token_use: 'access', scope: 'reports/read' } as any,
    scopes: ['reports/read'] as any,
  };
  const body = JSON.parse((await handler(event)).body);
  expect(body).toMatchObject({ username: 'alice', tokenUse: 'access', scopes: ['reports/read'] });
});

test('answers an anonymous caller on a public route', async () => {
  const body = JSON.parse((await handler({ version: '2.0', routeKey: 'GET /health', requestContext: { routeKey: 'GET /health' } })).body);
  expect(body).toEqual({ message: 'Hello, anonymous caller', routeKey: 'GET /health', subject: null, username: null, tokenUse: null, scopes: [], claims: {} });
});

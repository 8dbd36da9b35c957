import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { exportSPKI } from 'jose';
import {
  accessTokenClaims,
  ASSET,
  authorizerConfig,
  authorizerEvent,
  AuthorizerModule,
  CLIENT_ID,
  COGNITO_ISSUER,
  deadJwksUri,
  FROM_SOURCE,
  generateKeys,
  hmacWithPublicKey,
  idTokenClaims,
  JwksServer,
  Keys,
  OTHER_AUDIENCE,
  OTHER_ISSUER,
  sign,
  signWithHeader,
  tamper,
  unsecuredToken,
} from './fixtures';

/**
 * The JWT Lambda authorizer, tested as it ships: the esbuild bundle in assets/, loaded with a fresh
 * module registry per configuration, against a real JWKS server (TLS, 127.0.0.1, random port).
 */

let keys: Keys;
let server: JwksServer;
let logSpy: jest.SpyInstance;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

/** Load the bundle with this configuration (a cold start) and wait for its JWKS fetch to settle. */
async function coldStart(config: unknown, bundle = ASSET): Promise<AuthorizerModule> {
  process.env.AUTHORIZER_CONFIG = typeof config === 'string' ? config : JSON.stringify(config);
  let mod: AuthorizerModule | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh copy of the bundle per cold start
    mod = require(bundle);
  });
  delete process.env.AUTHORIZER_CONFIG;
  await mod!.ready;
  return mod!;
}

/** The structured log lines written since the last call. */
function logLines(): Array<Record<string, unknown>> {
  const lines = logSpy.mock.calls.map(([line]) => JSON.parse(line));
  logSpy.mockClear();
  return lines;
}

/** Invoke; the handler must resolve (never throw) and, on deny, log exactly one line with the reason. */
async function decide(mod: AuthorizerModule, routeKey: string, authorization?: string) {
  logLines();
  const result = await mod.handler(authorizerEvent(routeKey, authorization));
  const lines = logLines();
  if (!result.isAuthorized) {
    expect(result).toEqual({ isAuthorized: false });
    expect(lines).toHaveLength(1);
    // No token content in the log.
    if (authorization) {
      for (const part of authorization.replace(/^bearer\s+/i, '').split('.')) {
        if (part.length > 8) expect(JSON.stringify(lines[0])).not.toContain(part);
      }
    }
    return { ...result, reason: lines[0].reason as string };
  }
  expect(lines).toHaveLength(0);
  return { ...result, reason: undefined };
}

let main: AuthorizerModule;

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  logSpy = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  keys = await generateKeys();
  server = await JwksServer.start(keys);
  main = await coldStart(authorizerConfig(server.base));
});

afterAll(async () => {
  await server.stop();
  logSpy.mockRestore();
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});

/** Tests of the bundle as a file: skipped when the tests run the source (mutation testing). */
const bundleOnly = FROM_SOURCE ? test.skip : test;

bundleOnly('the bundle is self-contained (aws-jwt-verify inlined, only Node.js built-ins required)', () => {
  const code = fs.readFileSync(ASSET, 'utf-8');
  const required = [...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
  expect(required.filter((name) => !/^(node:)?(https?|stream|crypto|util|buffer|url|net|tls|zlib|fs|path)$/.test(name))).toEqual([]);
  expect(code).not.toMatch(/require\(["']aws-jwt-verify/);
});

bundleOnly('reads the routes from routes.json beside the bundle, as the construct ships them', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'authorizer-routes-'));
  fs.copyFileSync(ASSET, path.join(dir, 'index.js'));
  fs.writeFileSync(path.join(dir, 'routes.json'), JSON.stringify({ 'GET /reports': { scopes: ['reports/read'] } }));
  const { routes, ...environment } = authorizerConfig(server.base);
  const shipped = await coldStart(environment, path.join(dir, 'index.js'));
  expect((await decide(shipped, 'GET /reports', `Bearer ${await sign(keys.poolRsa, accessTokenClaims({ scope: 'reports/read' }))}`)).isAuthorized).toBe(true);
  expect((await decide(shipped, 'GET /reports', `Bearer ${await sign(keys.poolRsa, accessTokenClaims({ scope: 'items/read' }))}`)).isAuthorized).toBe(false);
  // Routes in both places are ambiguous: the handler denies everything.
  const both = await coldStart({ ...environment, routes }, path.join(dir, 'index.js'));
  expect((await decide(both, 'GET /reports', `Bearer ${await sign(keys.poolRsa, accessTokenClaims({ scope: 'reports/read' }))}`)).isAuthorized).toBe(false);
  fs.rmSync(dir, { recursive: true });
});

test('cold start fetches each JWKS once, and verifications are served from the cache', async () => {
  const before = [server.count('/pool/jwks.json'), server.count('/other/jwks.json')];
  const fresh = await coldStart(authorizerConfig(server.base));
  expect([server.count('/pool/jwks.json'), server.count('/other/jwks.json')]).toEqual([before[0] + 1, before[1] + 1]);
  for (let i = 0; i < 5; i++) {
    expect((await decide(fresh, 'GET /items', `Bearer ${await sign(keys.poolRsa, accessTokenClaims())}`)).isAuthorized).toBe(true);
  }
  expect([server.count('/pool/jwks.json'), server.count('/other/jwks.json')]).toEqual([before[0] + 1, before[1] + 1]);
});

describe('allows', () => {
  test('a Cognito access token signed with the RSA key, with the expected context', async () => {
    const result = await decide(main, 'GET /items', `Bearer ${await sign(keys.poolRsa, accessTokenClaims())}`);
    expect(result).toEqual({
      isAuthorized: true,
      context: { sub: 'sub-alice', username: 'alice', groups: '["admin","readers"]', issuer: COGNITO_ISSUER, tokenUse: 'access' },
      reason: undefined,
    });
  });

  test('a Cognito access token signed with the EC key (ES256)', async () => {
    const result = await decide(main, 'DELETE /items/{id}', `Bearer ${await sign(keys.poolEc, accessTokenClaims())}`);
    expect(result.isAuthorized).toBe(true);
    expect(result.context?.groups).toBe('["admin","readers"]');
  });

  test('a token of the second issuer (generic OIDC: aud, `groups` claim), on a route with no requirements', async () => {
    const token = await sign(keys.other, { sub: 'sub-bob', iss: OTHER_ISSUER, aud: OTHER_AUDIENCE, groups: ['admin'] });
    const result = await decide(main, 'GET /unlisted', `Bearer ${token}`);
    expect(result).toEqual({
      isAuthorized: true,
      context: { sub: 'sub-bob', username: '', groups: '["admin"]', issuer: OTHER_ISSUER, tokenUse: '' },
      reason: undefined,
    });
    // The generic issuer's groups count for group requirements too.
    expect((await decide(main, 'DELETE /items/{id}', `Bearer ${token}`)).isAuthorized).toBe(true);
  });

  /** The context's `groups` is a JSON array: a group name with a comma stays one group. */
  const groupContexts: Array<[string, () => Promise<string>, string[]]> = [
    ['two Cognito groups', () => sign(keys.poolRsa, accessTokenClaims()), ['admin', 'readers']],
    ['a group whose name has a comma (never read as two groups)', () => sign(keys.poolRsa, accessTokenClaims({ 'cognito:groups': ['readers,admin'] })), ['readers,admin']],
    ['group names with quotes, brackets and spaces', () => sign(keys.poolRsa, accessTokenClaims({ 'cognito:groups': ['a "b"', '[c]', 'd e'] })), ['a "b"', '[c]', 'd e']],
    ['no groups claim', () => sign(keys.poolRsa, accessTokenClaims({ 'cognito:groups': undefined })), []],
    ['a generic issuer\'s `groups` claim as one string', () => sign(keys.other, { sub: 'x', iss: OTHER_ISSUER, aud: OTHER_AUDIENCE, groups: 'admin,ops' }), ['admin,ops']],
  ];

  test.each(groupContexts)('groups reach the function as a JSON array: %s', async (_name, token, groups) => {
    const result = await decide(main, 'GET /unlisted', `Bearer ${await token()}`);
    expect(result.context?.groups).toBe(JSON.stringify(groups));
    expect(JSON.parse(result.context!.groups)).toEqual(groups);
  });

  /** The same clock skew (30 s) for `exp`, `nbf` and `iat`; past it, the `denies` table refuses them. */
  const withinClockSkew: Array<[string, (now: number) => Record<string, number>]> = [
    ['exp 10 s ago', (now) => ({ exp: now - 10 })],
    ['nbf 10 s ahead', (now) => ({ nbf: now + 10 })],
    ['iat 10 s ahead', (now) => ({ iat: now + 10 })],
    ['iat 25 s ahead, nbf 25 s ahead, exp 25 s ago', (now) => ({ iat: now + 25, nbf: now + 25, exp: now - 25 })],
  ];

  test.each(withinClockSkew)('a token within the clock skew: %s', async (_name, times) => {
    const token = await sign(keys.poolRsa, accessTokenClaims(times(Math.floor(Date.now() / 1000))));
    expect(await decide(main, 'GET /items', `Bearer ${token}`)).toMatchObject({ isAuthorized: true });
  });

  test('any one of the route scopes; `scp` as well as `scope`', async () => {
    const admin = await sign(keys.poolRsa, accessTokenClaims({ scope: 'items/admin' }));
    expect((await decide(main, 'GET /items', `Bearer ${admin}`)).isAuthorized).toBe(true);
    const scp = await sign(keys.other, { sub: 'sub-bob', iss: OTHER_ISSUER, aud: OTHER_AUDIENCE, scp: ['items/read'] });
    expect((await decide(main, 'GET /items', `Bearer ${scp}`)).isAuthorized).toBe(true);
  });

  test('the Bearer scheme in any case, surrounding spaces, and a bare token', async () => {
    const token = await sign(keys.poolRsa, accessTokenClaims());
    for (const header of [`bearer ${token}`, `BEARER ${token}`, `Bearer   ${token}  `, token]) {
      expect((await decide(main, 'GET /items', header)).isAuthorized).toBe(true);
    }
  });

  test('an ID token when the pool accepts any token use, checked against aud; its claim requirement', async () => {
    const anyUse = await coldStart(authorizerConfig(server.base, { poolTokenUse: null }));
    const id = await sign(keys.poolRsa, idTokenClaims());
    const result = await decide(anyUse, 'GET /tenants/{tenant}', `Bearer ${id}`);
    expect(result.context).toEqual({ sub: 'sub-alice', username: 'alice', groups: '["admin"]', issuer: COGNITO_ISSUER, tokenUse: 'id' });
    // The classic trap: ID tokens carry no scope, so a route that requires scopes refuses them.
    expect((await decide(anyUse, 'GET /items', `Bearer ${id}`)).reason).toBe('scope_missing');
    const otherClient = await sign(keys.poolRsa, idTokenClaims({ aud: 'someone-elses-client' }));
    expect((await decide(anyUse, 'GET /tenants/{tenant}', `Bearer ${otherClient}`)).reason).toBe('audience_not_allowed');
  });

  test('a valid token presented before the cold-start JWKS fetch has finished', async () => {
    const event = authorizerEvent('GET /items', `Bearer ${await sign(keys.poolRsa, accessTokenClaims())}`);
    const before = server.count('/pool/jwks.json');
    process.env.AUTHORIZER_CONFIG = JSON.stringify(authorizerConfig(server.base));
    let mod: AuthorizerModule | undefined;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh copy of the bundle per cold start
      mod = require(ASSET);
    });
    delete process.env.AUTHORIZER_CONFIG;
    const result = await mod!.handler(event);
    await mod!.ready;
    expect(result.isAuthorized).toBe(true);
    expect(server.count('/pool/jwks.json')).toBe(before + 1); // the request shared the in-flight cold-start fetch
  });
});

/**
 * Attacks and broken requests: each must be denied (never thrown) with one log line naming the reason.
 * `reason` is the authorizer's reason code.
 */
describe('denies', () => {
  const attacks: Array<[string, () => Promise<[routeKey: string, authorization: string | undefined]>, string]> = [
    ['an expired token (past the 30 s clock skew)', async () => ['GET /items', `Bearer ${await sign(keys.poolRsa, accessTokenClaims({ exp: Math.floor(Date.now() / 1000) - 45 }))}`], 'expired'],
    ['a token without exp (aws-jwt-verify alone would accept it forever)', async () => ['GET /items', `Bearer ${await sign(keys.poolRsa, accessTokenClaims({ exp: undefined }))}`], 'exp_missing'],
    ['a token whose nbf is in the future', async () => ['GET /items', `Bearer ${await sign(keys.poolRsa, accessTokenClaims({ nbf: Math.floor(Date.now() / 1000) + 600 }))}`], 'not_yet_valid'],
    ['a token whose nbf is just past the clock skew', async () => ['GET /items', `Bearer ${await sign(keys.poolRsa, accessTokenClaims({ nbf: Math.floor(Date.now() / 1000) + 45 }))}`], 'not_yet_valid'],
    ['a token issued a year in the future (API Gateway requires iat before now)', async () => [
      'GET /items', `Bearer ${await sign(keys.poolRsa, accessTokenClaims({ iat: Math.floor(Date.now() / 1000) + 365 * 86_400, exp: Math.floor(Date.now() / 1000) + 366 * 86_400 }))}`,
    ], 'issued_in_future'],
    ['a token whose iat is just past the clock skew', async () => ['GET /items', `Bearer ${await sign(keys.poolRsa, accessTokenClaims({ iat: Math.floor(Date.now() / 1000) + 45 }))}`], 'issued_in_future'],
    ['a crit header naming an extension the authorizer does not understand (RFC 7515 §4.1.11)', async () => [
      'GET /items', `Bearer ${signWithHeader(keys.poolRsa, accessTokenClaims(), { 'crit': ['urn:example:must-understand'], 'urn:example:must-understand': true })}`,
    ], 'crit_not_understood'],
    ['a crit header naming b64 (RFC 7797, not implemented)', async () => [
      'GET /items', `Bearer ${signWithHeader(keys.poolRsa, accessTokenClaims(), { crit: ['b64'], b64: true })}`,
    ], 'crit_not_understood'],
    ['an empty crit header (malformed)', async () => ['GET /items', `Bearer ${signWithHeader(keys.poolRsa, accessTokenClaims(), { crit: [] })}`], 'crit_not_understood'],
    ['a crit header that is not a list (malformed)', async () => ['GET /items', `Bearer ${signWithHeader(keys.poolRsa, accessTokenClaims(), { crit: 'exp' })}`], 'crit_not_understood'],
    ['alg: none, empty signature', async () => ['GET /items', `Bearer ${unsecuredToken(accessTokenClaims(), keys.poolRsa.kid)}`], 'malformed_token'],
    ['alg: none, with a signature copied from a valid token', async () => [
      'GET /items', `Bearer ${unsecuredToken(accessTokenClaims(), keys.poolRsa.kid)}${(await sign(keys.poolRsa, accessTokenClaims())).split('.')[2]}`,
    ], 'signature_algorithm_not_allowed'],
    ['HS256 with the issuer\'s RSA public key (PEM) as the HMAC secret', async () => [
      'GET /items', `Bearer ${hmacWithPublicKey(accessTokenClaims(), keys.poolRsa.kid, await exportSPKI(keys.poolRsa.publicKey))}`,
    ], 'signature_algorithm_not_allowed'],
    ['HS256 with the issuer\'s JWK as the HMAC secret', async () => [
      'GET /items', `Bearer ${hmacWithPublicKey(accessTokenClaims(), keys.poolRsa.kid, JSON.stringify(keys.poolRsa.jwk))}`,
    ], 'signature_algorithm_not_allowed'],
    ['ES256 in the header, an RSA kid (algorithm/key confusion)', async () => [
      'GET /items', `Bearer ${await sign(keys.poolEc, accessTokenClaims(), { kid: keys.poolRsa.kid })}`,
    ], 'signature_algorithm_not_allowed'],
    ['an unknown issuer', async () => ['GET /items', `Bearer ${await sign(keys.poolRsa, accessTokenClaims({ iss: 'https://evil.example.com/' }))}`], 'issuer_not_allowed'],
    ['no iss claim', async () => ['GET /items', `Bearer ${await sign(keys.poolRsa, accessTokenClaims({ iss: undefined }))}`], 'issuer_not_allowed'],
    ['an issuer that differs only by a trailing slash', async () => ['GET /items', `Bearer ${await sign(keys.poolRsa, accessTokenClaims({ iss: `${COGNITO_ISSUER}/` }))}`], 'issuer_not_allowed'],
    ['a wrong audience (generic issuer)', async () => ['GET /unlisted', `Bearer ${await sign(keys.other, { sub: 'x', iss: OTHER_ISSUER, aud: 'api://other' })}`], 'audience_not_allowed'],
    ['no audience (generic issuer)', async () => ['GET /unlisted', `Bearer ${await sign(keys.other, { sub: 'x', iss: OTHER_ISSUER })}`], 'audience_not_allowed'],
    ['a wrong client_id (Cognito access token)', async () => ['GET /items', `Bearer ${await sign(keys.poolRsa, accessTokenClaims({ client_id: 'client-9' }))}`], 'audience_not_allowed'],
    ['a Cognito access token with an aud but no client_id', async () => [
      'GET /items', `Bearer ${await sign(keys.poolRsa, accessTokenClaims({ client_id: undefined, aud: CLIENT_ID }))}`,
    ], 'audience_not_allowed'],
    ['a tampered payload (groups added, signature kept)', async () => [
      'DELETE /items/{id}', `Bearer ${tamper(await sign(keys.poolRsa, accessTokenClaims({ 'cognito:groups': ['readers'] })), (p) => { p['cognito:groups'] = ['admin']; })}`,
    ], 'signature_invalid'],
    ['a tampered payload (client_id swapped)', async () => [
      'GET /items', `Bearer ${tamper(await sign(keys.poolRsa, accessTokenClaims({ client_id: 'client-9' })), (p) => { p.client_id = CLIENT_ID; })}`,
    ], 'signature_invalid'],
    ['the attacker\'s own key under the pool\'s kid', async () => ['GET /items', `Bearer ${await sign(keys.attacker, accessTokenClaims(), { kid: keys.poolRsa.kid })}`], 'signature_invalid'],
    ['the other issuer\'s key used for a pool token (cross-issuer key)', async () => ['GET /items', `Bearer ${await sign(keys.other, accessTokenClaims())}`], 'kid_unknown'],
    ['no kid in the header', async () => ['GET /items', `Bearer ${await sign(keys.poolRsa, accessTokenClaims(), { kid: undefined })}`], 'kid_missing'],
    ['an ID token where the pool requires access tokens', async () => ['GET /tenants/{tenant}', `Bearer ${await sign(keys.poolRsa, idTokenClaims())}`], 'token_use_not_allowed'],
    ['a Cognito token with no token_use', async () => ['GET /items', `Bearer ${await sign(keys.poolRsa, accessTokenClaims({ token_use: undefined }))}`], 'token_use_not_allowed'],
    ['a missing scope', async () => ['GET /items', `Bearer ${await sign(keys.poolRsa, accessTokenClaims({ scope: 'profile items/write' }))}`], 'scope_missing'],
    ['a scope that only contains a required one as a substring', async () => ['GET /items', `Bearer ${await sign(keys.poolRsa, accessTokenClaims({ scope: 'items/reader' }))}`], 'scope_missing'],
    ['a missing group', async () => ['DELETE /items/{id}', `Bearer ${await sign(keys.poolRsa, accessTokenClaims({ 'cognito:groups': ['readers'] }))}`], 'group_missing'],
    ['no groups at all', async () => ['DELETE /items/{id}', `Bearer ${await sign(keys.poolRsa, accessTokenClaims({ 'cognito:groups': undefined }))}`], 'group_missing'],
    ['a wrong claim value', async () => ['GET /tenants/{tenant}', `Bearer ${await sign(keys.poolRsa, accessTokenClaims({ 'custom:tenant': 't3' }))}`], 'claim_mismatch'],
    ['a claim value as an array containing an allowed value', async () => [
      'GET /tenants/{tenant}', `Bearer ${await sign(keys.poolRsa, accessTokenClaims({ 'custom:tenant': ['t1'] }))}`,
    ], 'claim_mismatch'],
    ['a missing claim', async () => ['GET /tenants/{tenant}', `Bearer ${await sign(keys.poolRsa, accessTokenClaims())}`], 'claim_mismatch'],
    ['a Basic authorization header', async () => ['GET /items', 'Basic YWxpY2U6c2VjcmV0'], 'malformed_header'],
    ['"Bearer" and nothing else', async () => ['GET /items', 'Bearer'], 'malformed_header'],
    ['two tokens in one header', async () => {
      const token = await sign(keys.poolRsa, accessTokenClaims());
      return ['GET /items', `Bearer ${token}, Bearer ${token}`];
    }, 'malformed_header'],
    ['a token with two parts', async () => ['GET /items', 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0'], 'malformed_header'],
    ['a header of 20 000 characters', async () => ['GET /items', `Bearer ${'a'.repeat(10_000)}.${'b'.repeat(10_000)}.c`], 'malformed_header'],
    ['a token whose header is not JSON', async () => ['GET /items', `Bearer ${Buffer.from('not json').toString('base64url')}.e30.c2ln`], 'malformed_token'],
    ['no authorization header', async () => ['GET /items', undefined], 'no_token'],
    ['an empty authorization header', async () => ['GET /items', '  '], 'no_token'],
  ];

  test.each(attacks)('%s', async (_name, request, reason) => {
    const [routeKey, authorization] = await request();
    const result = await decide(main, routeKey, authorization);
    expect(result).toEqual({ isAuthorized: false, reason });
  });

  test('an event with no headers at all, or no event', async () => {
    expect(await main.handler({ routeKey: 'GET /items' })).toEqual({ isAuthorized: false });
    expect(await main.handler(undefined)).toEqual({ isAuthorized: false });
  });

  test('unknown kids: a burst refetches the JWKS at most once per rate-limit window (10 s), known kids still pass', async () => {
    const mod = await coldStart(authorizerConfig(server.base));
    const before = server.count('/pool/jwks.json');
    // 20 concurrent, then 30 sequential tokens, each with a new unknown kid.
    const token = (i: number) => sign(keys.attacker, accessTokenClaims(), { kid: `unknown-${i}` });
    const burst = await Promise.all(Array.from({ length: 20 }, async (_, i) => authorizerEvent('GET /items', `Bearer ${await token(i)}`)));
    logLines();
    const results = await Promise.all(burst.map((event) => mod.handler(event)));
    const concurrent = logLines().map((line, i) => ({ ...results[i], reason: line.reason }));
    expect(concurrent).toHaveLength(20);
    const sequential = [];
    for (let i = 20; i < 50; i++) sequential.push(await decide(mod, 'GET /items', `Bearer ${await token(i)}`));
    expect(server.count('/pool/jwks.json') - before).toBe(1);
    expect(new Set(concurrent.map((r) => r.reason))).toEqual(new Set(['kid_unknown']));
    expect(new Set(sequential.map((r) => r.reason))).toEqual(new Set(['jwks_refetch_rate_limited']));
    expect([...concurrent, ...sequential].every((r) => !r.isAuthorized)).toBe(true);
    // Cached keys keep working during the back-off.
    expect((await decide(mod, 'GET /items', `Bearer ${await sign(keys.poolEc, accessTokenClaims())}`)).isAuthorized).toBe(true);
  });

  test('JWKS server down: the cold start survives (no crash, no unhandled rejection) and requests are denied', async () => {
    logLines();
    const down = await coldStart(authorizerConfig(server.base, { poolJwksUri: await deadJwksUri() }));
    expect(logLines()).toEqual([]); // the other issuer's JWKS was fetched: hydrate only fails if every fetch fails
    expect(await decide(down, 'GET /items', `Bearer ${await sign(keys.poolRsa, accessTokenClaims())}`)).toEqual({ isAuthorized: false, reason: 'jwks_unavailable' });

    const allDown = await coldStart({ issuers: [{ issuer: COGNITO_ISSUER, audience: [CLIENT_ID], jwksUri: await deadJwksUri(), cognito: true }] });
    const lines = logLines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'WARN', event: 'jwks_hydrate_failed', error: 'jwks_unavailable' });
    expect(lines[0].detail).toMatch(/^Failed to fetch https:\/\/127\.0\.0\.1:\d+\/pool\/jwks\.json: /);
    expect(await decide(allDown, 'GET /items', `Bearer ${await sign(keys.poolRsa, accessTokenClaims())}`)).toEqual({ isAuthorized: false, reason: 'jwks_unavailable' });
  });

  test('JWKS server that never answers: denied within the time-out (one retry)', async () => {
    const hanging = await coldStart({
      issuers: [{ issuer: COGNITO_ISSUER, audience: [CLIENT_ID], jwksUri: `${server.base}/hang/jwks.json`, cognito: true }],
      jwksTimeoutMs: 150,
    });
    const start = Date.now();
    const result = await decide(hanging, 'GET /items', `Bearer ${await sign(keys.poolRsa, accessTokenClaims())}`);
    expect(result).toEqual({ isAuthorized: false, reason: 'jwks_unavailable' });
    expect(Date.now() - start).toBeLessThan(1500);
  });

  test.each([
    ['not set', undefined],
    ['not JSON', '{issuers:'],
    ['no issuers', { issuers: [] }],
    ['an http: JWKS URI', { issuers: [{ issuer: OTHER_ISSUER, audience: null, jwksUri: 'http://127.0.0.1:1/jwks.json' }] }],
    ['an http: issuer', { issuers: [{ issuer: 'http://login.example.com', audience: null }] }],
    ['an empty audience list', { issuers: [{ issuer: OTHER_ISSUER, audience: [] }] }],
    ['cognito: true with a non-Cognito issuer', { issuers: [{ issuer: OTHER_ISSUER, audience: null, cognito: true }] }],
    ['a duplicate issuer', { issuers: [{ issuer: OTHER_ISSUER, audience: null }, { issuer: OTHER_ISSUER, audience: ['a'] }] }],
    ['an unknown route requirement', { issuers: [{ issuer: OTHER_ISSUER, audience: null }], routes: { 'GET /x': { scope: ['a'] } } }],
    ['a claim with no allowed values', { issuers: [{ issuer: OTHER_ISSUER, audience: null }], routes: { 'GET /x': { claims: { tenant: [] } } } }],
    ['a bad tokenUse', { issuers: [{ issuer: OTHER_ISSUER, audience: null, tokenUse: 'refresh' }] }],
    ['a bad jwksTimeoutMs', { issuers: [{ issuer: OTHER_ISSUER, audience: null }], jwksTimeoutMs: 0 }],
  ])('a broken configuration (%s) loads, logs, and denies everything', async (_name, config) => {
    logLines();
    const broken = await coldStart(config === undefined ? '' : config);
    expect(logLines()).toEqual([expect.objectContaining({ level: 'ERROR', event: 'config_invalid' })]);
    expect(await decide(broken, 'GET /items', `Bearer ${await sign(keys.poolRsa, accessTokenClaims())}`)).toEqual({ isAuthorized: false, reason: 'config_invalid' });
  });
});

import { exportJWK, generateKeyPair, JWK, KeyLike, SignJWT } from 'jose';
import { JwksCache } from '../../src/local/api/jwks';
import { JwtAuthorizer, JwtDecision } from '../../src/local/api/jwt-authorizer';

/**
 * The runner's JWT authorizer against API Gateway's documented behaviour, rule by rule.
 * [W] "Control access to HTTP APIs with JWT authorizers" — authorizer workflow and claim checks.
 * [T] "Troubleshooting issues with HTTP API JWT authorizers" — the 401 and its www-authenticate header.
 */

const ISSUER = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example';
const CLIENT = 'client-a';
const NOW = 1_800_000_000;

let rsaKey: KeyLike;
let otherRsaKey: KeyLike;
let jwk: JWK;
let authorizer: JwtAuthorizer;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  rsaKey = pair.privateKey;
  jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256' };
  otherRsaKey = (await generateKeyPair('RS256')).privateKey;
  const keys = { keysFor: async () => ({ keys: [jwk] }) } as unknown as JwksCache;
  authorizer = new JwtAuthorizer({ issuer: ISSUER, audience: [CLIENT, 'client-b'], identitySource: '$request.header.Authorization' }, keys, () => NOW);
});

interface TokenSpec {
  readonly claims?: Record<string, unknown>;
  readonly header?: Record<string, unknown>;
  /** Sign with a key that is not in the JWKS. */
  readonly foreignKey?: boolean;
  readonly alg?: string;
}

async function makeToken(spec: TokenSpec): Promise<string> {
  const claims = { iss: ISSUER, aud: CLIENT, sub: 'u1', iat: NOW - 60, exp: NOW + 3600, ...spec.claims };
  for (const [name, value] of Object.entries(claims)) if (value === undefined) delete (claims as any)[name];
  if (spec.alg === 'none') {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`;
  }
  if (spec.alg === 'HS256') {
    return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: 'k1' }).sign(new TextEncoder().encode('a shared secret of 32 bytes!!!!!'));
  }
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1', ...spec.header }).sign(spec.foreignKey ? otherRsaKey : rsaKey);
}

interface Rule {
  readonly rule: string;
  readonly token?: TokenSpec;
  /** The raw Authorization header; `{token}` is replaced. Default `Bearer {token}`. */
  readonly header?: string | null;
  readonly routeScopes?: string[];
  readonly expected: 200 | 401 | 403;
  readonly description?: string;
}

const rules: Rule[] = [
  { rule: '[W] the identity source may hold the token alone', header: '{token}', expected: 200 },
  { rule: '[W] … or the token prefixed with "Bearer "', header: 'Bearer {token}', expected: 200 },
  { rule: '[W] no token in the identity source → denied (401)', header: null, expected: 401 },
  { rule: '[W] a value that is not a JWT → 401', header: 'Bearer not-a-jwt', expected: 401 },
  { rule: '[W] "only RSA-based algorithms are supported": HS256 → 401', token: { alg: 'HS256' }, expected: 401 },
  { rule: '[W] RSA only: alg none (unsigned) → 401', token: { alg: 'none' }, expected: 401 },
  { rule: '[W] kid must match a key of the issuer\'s jwks_uri → 401', token: { header: { kid: 'unknown' } }, expected: 401 },
  { rule: '[W] the signature is checked with that key → 401', token: { foreignKey: true }, expected: 401 },
  { rule: '[W] iss must match the configured issuer → 401', token: { claims: { iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other' } }, expected: 401 },
  { rule: '[W] iss is compared exactly (a trailing slash differs) → 401', token: { claims: { iss: `${ISSUER}/` } }, expected: 401 },
  { rule: '[W] aud must be one of the audience entries', token: { claims: { aud: 'client-b' } }, expected: 200 },
  { rule: '[W] aud not in the audience → 401 [T] with "the token does not have a valid audience"', token: { claims: { aud: 'client-z' } }, expected: 401, description: 'the token does not have a valid audience' },
  { rule: '[W] aud may be a list: one entry in the audience is enough', token: { claims: { aud: ['client-z', CLIENT] } }, expected: 200 },
  { rule: '[T] client_id is checked only if aud is absent (Cognito access tokens)', token: { claims: { aud: undefined, client_id: CLIENT } }, expected: 200 },
  { rule: '[T] when both are present, aud is evaluated (a good client_id does not save a bad aud) → 401', token: { claims: { aud: 'client-z', client_id: CLIENT } }, expected: 401 },
  { rule: '[W] neither aud nor client_id → 401', token: { claims: { aud: undefined } }, expected: 401 },
  { rule: '[W] exp must be after the current time → 401', token: { claims: { exp: NOW - 1 } }, expected: 401 },
  { rule: '[W] exp is required → 401', token: { claims: { exp: undefined } }, expected: 401 },
  { rule: '[W] nbf must be before the current time → 401', token: { claims: { nbf: NOW + 60 } }, expected: 401 },
  { rule: '[W] iat must be before the current time → 401', token: { claims: { iat: NOW + 60 } }, expected: 401 },
  { rule: '[W] no token_use check: an access token passes an unscoped route', token: { claims: { aud: undefined, client_id: CLIENT, token_use: 'access' } }, expected: 200 },
  { rule: '[W] scope: any one of the route\'s scopes (space-separated "scope")', token: { claims: { scope: 'openid api/read' } }, routeScopes: ['api/write', 'api/read'], expected: 200 },
  { rule: '[W] scope: "scp" (a list) is read too', token: { claims: { scp: ['api/read'] } }, routeScopes: ['api/read'], expected: 200 },
  { rule: '[W] a valid token with none of the route\'s scopes → 403 Forbidden', token: { claims: { scope: 'openid' } }, routeScopes: ['api/read'], expected: 403 },
  { rule: '[W] an ID token (no scope claim) on a scoped route → 403', token: { claims: { token_use: 'id' } }, routeScopes: ['api/read'], expected: 403 },
  { rule: '[W] an invalid token on a scoped route is 401, not 403', token: { claims: { exp: NOW - 1, scope: 'api/read' } }, routeScopes: ['api/read'], expected: 401 },
];

test.each(rules)('$rule', async ({ token, header, routeScopes, expected, description }) => {
  const value = header === null ? undefined : (header ?? 'Bearer {token}').replace('{token}', await makeToken(token ?? {}));
  const decision: JwtDecision = await authorizer.authorize({ headers: { authorization: value }, query: {} }, routeScopes ?? []);
  expect(decision.allowed ? 200 : decision.status).toBe(expected);
  if (!decision.allowed && decision.status === 401) {
    expect(decision.wwwAuthenticate).toMatch(/^Bearer scope="" error="invalid_token" error_description="[^"]+"$/);
    if (description) expect(decision.wwwAuthenticate).toContain(`error_description="${description}"`);
  }
});

test('claims reach the integration as strings (lists as "[a b]"), scopes only for scoped routes', async () => {
  const token = await makeToken({ claims: { 'cognito:groups': ['admin', 'ops'], 'scope': 'api/read' } });
  const scoped = await authorizer.authorize({ headers: { authorization: token }, query: {} }, ['api/read']);
  const unscoped = await authorizer.authorize({ headers: { authorization: token }, query: {} }, []);
  expect(scoped).toMatchObject({ allowed: true, scopes: ['api/read'], claims: { 'cognito:groups': '[admin ops]', 'exp': String(NOW + 3600) } });
  expect(unscoped).toMatchObject({ allowed: true, scopes: null });
});

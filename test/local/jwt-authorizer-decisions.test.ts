import { CompactSign, exportJWK, generateKeyPair, JWK, KeyLike, SignJWT } from 'jose';
import { JwksCache } from '../../src/local/api/jwks';
import { claimsAsStrings, identitySourceValue, JwtAuthorizer, JwtDecision } from '../../src/local/api/jwt-authorizer';

/**
 * The runner's JWT authorizer, one row per decision, with the answer's details (status, the
 * `www-authenticate` header's description, the claims and scopes the integration gets).
 * [W] "Control access to HTTP APIs with JWT authorizers" (API Gateway developer guide): the identity
 *     source, RSA algorithms only, `kid`, `iss`, `aud`/`client_id`, `exp` ("must be after the current
 *     time"), `nbf` and `iat` ("must be before the current time"), `scope`/`scp`, 403 without a scope.
 * [T] "Troubleshooting issues with HTTP API JWT authorizers": the 401's `www-authenticate` header.
 * [RFC 6750] §3: a 403 for a missing scope names the scopes (`error="insufficient_scope"`).
 * [RFC 7519] §4.1.5: a token is accepted from its `nbf` second on. [RFC 7517] §4.4: a key is used only
 *     with its `alg`. [HTTP] RFC 9110 §5.5: surrounding whitespace is not part of a header value.
 */

const ISSUER = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Decisions';
const CLIENT = 'client-a';
const NOW = 1_800_000_000;

let key: KeyLike;
let otherKey: KeyLike;
let authorizer: JwtAuthorizer;
let unreachable: JwtAuthorizer;
let realClock: JwtAuthorizer;
let queryAuthorizer: JwtAuthorizer;
/** The public JWKs of `key` and `otherKey`. */
let keyJwk: JWK;
let otherKeyJwk: JWK;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  key = pair.privateKey;
  const otherPair = await generateKeyPair('RS256');
  otherKey = otherPair.privateKey;
  const publicJwk = await exportJWK(pair.publicKey);
  keyJwk = publicJwk;
  otherKeyJwk = await exportJWK(otherPair.publicKey);
  const jwk = (kid: string, alg?: string): JWK => ({ ...publicJwk, kid, ...(alg ? { alg } : {}) });
  // One RSA key under several kids: one per RSA algorithm, and one without `alg`.
  const keySet = {
    keys: [jwk('rs256', 'RS256'), jwk('rs384', 'RS384'), jwk('rs512', 'RS512'), jwk('ps256', 'PS256'), jwk('ps384', 'PS384'), jwk('ps512', 'PS512'), jwk('no-alg')],
  };
  const keys = { keysFor: async () => keySet } as unknown as JwksCache;
  const config = { issuer: ISSUER, audience: [CLIENT], identitySource: '$request.header.Authorization' };
  authorizer = new JwtAuthorizer(config, keys, () => NOW);
  realClock = new JwtAuthorizer(config, keys);
  queryAuthorizer = new JwtAuthorizer({ ...config, identitySource: '$request.querystring.token' }, keys, () => NOW);
  const failing = { keysFor: async () => { throw new Error('connect ECONNREFUSED 127.0.0.1:9'); } } as unknown as JwksCache;
  unreachable = new JwtAuthorizer(config, failing, () => NOW);
});

const base64url = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

interface TokenSpec {
  readonly claims?: Record<string, unknown>;
  readonly alg?: string;
  readonly kid?: string;
  /** Sign with a key that is not in the JWKS. */
  readonly foreignKey?: boolean;
  /** Sign this exact payload (JSON text) instead of the claims. */
  readonly rawPayload?: string;
  /** An unsigned token with this header (no signature). */
  readonly unsignedHeader?: Record<string, unknown>;
}

async function token(spec: TokenSpec = {}): Promise<string> {
  const claims: Record<string, unknown> = { iss: ISSUER, aud: CLIENT, sub: 'u1', exp: NOW + 3600, ...spec.claims };
  for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name];
  if (spec.unsignedHeader) return `${base64url(spec.unsignedHeader)}.${base64url(claims)}.`;
  const alg = spec.alg ?? 'RS256';
  const header = { alg, kid: spec.kid ?? alg.toLowerCase() };
  const signingKey = spec.foreignKey ? otherKey : key;
  if (spec.rawPayload !== undefined) return new CompactSign(new TextEncoder().encode(spec.rawPayload)).setProtectedHeader(header).sign(signingKey);
  return new SignJWT(claims).setProtectedHeader(header).sign(signingKey);
}

interface Row {
  readonly rule: string;
  readonly token?: TokenSpec;
  /** The Authorization header; `{token}` is replaced. Default `Bearer {token}`; null: no header. */
  readonly header?: string | null;
  readonly routeScopes?: string[];
  readonly expected: 200 | 401 | 403;
  /** The `www-authenticate` header's `error_description` (401 and 403). */
  readonly description?: string;
  /** For 200: the scopes the integration gets. */
  readonly scopes?: string[] | null;
}

const rows: Row[] = [
  // The identity source
  { rule: '[W] no Authorization header → 401', header: null, expected: 401, description: 'no token in the identity source' },
  { rule: '[W] an empty Authorization header → 401 (no token)', header: '', expected: 401, description: 'no token in the identity source' },
  { rule: '[HTTP] a header of whitespace only is empty → 401 (no token)', header: '   ', expected: 401, description: 'no token in the identity source' },
  { rule: '[HTTP] whitespace around the value is not part of it', header: '  Bearer {token}  ', expected: 200 },
  { rule: '[W] the token prefixed with "Bearer", in any case', header: 'bEaReR {token}', expected: 200 },
  { rule: '[W] … followed by several spaces', header: 'Bearer   {token}', expected: 200 },
  { rule: '[W] another scheme is not the token → 401', header: 'Basic {token}', expected: 401, description: 'the token is not a valid JWT' },

  // The token's form
  { rule: '[W] two parts are no JWT → 401', header: 'Bearer {token}.x', expected: 401, description: 'the token is not a valid JWT' },
  { rule: '[W] a token with its signature cut off (two parts) → 401', header: 'Bearer {token2}', expected: 401, description: 'the token is not a valid JWT' },
  { rule: '[W] a signed payload that is a JSON array is no JWT → 401', token: { rawPayload: '[1,2]' }, expected: 401, description: 'the token is not a valid JWT' },
  { rule: '[W] … nor JSON null', token: { rawPayload: 'null' }, expected: 401, description: 'the token is not a valid JWT' },
  { rule: '[W] … nor a JSON string', token: { rawPayload: '"text"' }, expected: 401, description: 'the token is not a valid JWT' },
  { rule: '[W] … nor a JSON number', token: { rawPayload: '5' }, expected: 401, description: 'the token is not a valid JWT' },

  // Algorithms: "Currently, only RSA-based algorithms are supported."
  ...['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'].map((alg): Row => ({ rule: `[W] RSA: ${alg} is accepted`, token: { alg }, expected: 200 })),
  { rule: '[W] HS256 is refused → 401, naming the method', token: { alg: 'HS256', unsignedHeader: { alg: 'HS256', kid: 'rs256' } }, expected: 401, description: 'signing method HS256 is invalid' },
  { rule: '[W] a header without alg is refused → 401, as method "none"', token: { unsignedHeader: { kid: 'rs256' } }, expected: 401, description: 'signing method none is invalid' },
  { rule: '[RFC 7517] a key whose alg differs from the token\'s is not used → 401', token: { alg: 'RS256', kid: 'rs384' }, expected: 401, description: 'the token signature is invalid' },
  { rule: '[W] a key without alg verifies with the token\'s RSA algorithm', token: { alg: 'RS384', kid: 'no-alg' }, expected: 200 },
  { rule: '[W] a kid not in the issuer\'s JWKS → 401', token: { kid: 'unknown' }, expected: 401, description: 'the token\'s kid is not in the issuer\'s JWKS' },
  { rule: '[W] a signature by another key → 401', token: { foreignKey: true }, expected: 401, description: 'the token signature is invalid' },

  // Claims
  { rule: '[W] iss must be the issuer → 401', token: { claims: { iss: 'https://login.example.com' } }, expected: 401, description: 'the token does not have a valid issuer' },
  { rule: '[T] aud is a configured audience', token: { claims: { aud: CLIENT } }, expected: 200 },
  { rule: '[T] an aud that is not a string is no audience → 401', token: { claims: { aud: [7] } }, expected: 401, description: 'the token does not have a valid audience' },
  { rule: '[W] exp must be after the current time: exp = now → 401', token: { claims: { exp: NOW } }, expected: 401, description: 'the token has expired' },
  { rule: '[W] … exp one second later is valid', token: { claims: { exp: NOW + 1 } }, expected: 200 },
  { rule: '[W] exp must be a number → 401', token: { claims: { exp: String(NOW + 3600) } }, expected: 401, description: 'the token has expired' },
  { rule: '[W] nbf must be before the current time → 401', token: { claims: { nbf: NOW + 1 } }, expected: 401, description: 'the token is not valid yet' },
  { rule: '[RFC 7519] … the token is valid from its nbf second on', token: { claims: { nbf: NOW } }, expected: 200 },
  { rule: '[W] nbf must be a number → 401', token: { claims: { nbf: String(NOW - 60) } }, expected: 401, description: 'the token is not valid yet' },
  { rule: '[W] nbf is optional', token: { claims: { nbf: undefined } }, expected: 200 },
  { rule: '[W] iat must be before the current time → 401', token: { claims: { iat: NOW + 1 } }, expected: 401, description: 'the token was issued in the future' },
  { rule: '[W] … a token issued this second is valid', token: { claims: { iat: NOW } }, expected: 200 },
  { rule: '[W] iat must be a number → 401', token: { claims: { iat: String(NOW - 60) } }, expected: 401, description: 'the token was issued in the future' },
  { rule: '[W] iat is optional', token: { claims: { iat: undefined } }, expected: 200 },

  // Scopes
  { rule: '[W] an unscoped route gives the integration no scopes (null)', token: { claims: { scope: 'api/read' } }, expected: 200, scopes: null },
  { rule: '[W] a scoped route gives the token\'s scopes (space-separated, empty entries dropped)', token: { claims: { scope: ' openid  api/read ' } }, routeScopes: ['api/read'], expected: 200, scopes: ['openid', 'api/read'] },
  { rule: '[W] scp as a list: its strings are the scopes', token: { claims: { scp: ['api/read', 7, 'openid'] } }, routeScopes: ['api/read'], expected: 200, scopes: ['api/read', 'openid'] },
  { rule: '[W] scp as a space-separated string', token: { claims: { scp: 'openid api/read' } }, routeScopes: ['api/read'], expected: 200, scopes: ['openid', 'api/read'] },
  { rule: '[W] none of the route\'s scopes → 403 [RFC 6750] naming them', token: { claims: { scope: 'openid' } }, routeScopes: ['api/read', 'api/write'], expected: 403, description: 'the token does not have any of the route\'s scopes (api/read api/write)' },
  { rule: '[W] a scope is matched whole, not as a prefix → 403', token: { claims: { scope: 'api/reader' } }, routeScopes: ['api/read'], expected: 403, description: 'the token does not have any of the route\'s scopes (api/read)' },
];

async function authorize(row: Row, using: JwtAuthorizer = authorizer): Promise<JwtDecision> {
  let value: string | undefined;
  if (row.header !== null) {
    const jwt = await token(row.token);
    const [header, payload] = jwt.split('.');
    value = (row.header ?? 'Bearer {token}').replace('{token2}', `${header}.${payload}`).replace('{token}', jwt);
  }
  return using.authorize({ headers: { authorization: value }, query: {} }, row.routeScopes ?? []);
}

test.each(rows)('$rule', async (row) => {
  const decision = await authorize(row);
  expect(decision.allowed ? 200 : decision.status).toBe(row.expected);
  if (decision.allowed) {
    if (row.scopes !== undefined) expect(decision.scopes).toEqual(row.scopes);
  } else if (decision.status === 401) {
    // [T] `Bearer scope="" error="invalid_token" error_description="…"`
    expect(decision.wwwAuthenticate).toBe(`Bearer scope="" error="invalid_token" error_description="${row.description}"`);
    expect(decision.error).toBe(row.description);
  } else {
    expect(decision.wwwAuthenticate).toBe(`Bearer scope="${(row.routeScopes ?? []).join(' ')}" error="insufficient_scope" error_description="${row.description}"`);
  }
});

test('[W] the issuer\'s keys cannot be fetched → 401, with the reason', async () => {
  const decision = await authorize({ rule: '', expected: 401 }, unreachable);
  expect(decision).toMatchObject({ allowed: false, status: 401, error: 'the issuer\'s keys could not be fetched: connect ECONNREFUSED 127.0.0.1:9' });
});

test('[W] without an injected clock, the current time decides exp', async () => {
  const seconds = Math.floor(Date.now() / 1000);
  const valid = await realClock.authorize({ headers: { authorization: await token({ claims: { exp: seconds + 600 } }) }, query: {} }, []);
  const expired = await realClock.authorize({ headers: { authorization: await token({ claims: { exp: seconds - 600 } }) }, query: {} }, []);
  expect([valid.allowed, expired.allowed]).toEqual([true, false]);
});

test('[W] an identity source in the query string: $request.querystring.token', async () => {
  const jwt = await token();
  expect((await queryAuthorizer.authorize({ headers: { authorization: `Bearer ${jwt}` }, query: { token: jwt } }, [])).allowed).toBe(true);
  expect((await queryAuthorizer.authorize({ headers: { authorization: `Bearer ${jwt}` }, query: {} }, [])).allowed).toBe(false);
});

test.each([
  ['$request.header.Authorization', 'the header, by its name in any case', 'h'],
  ['$request.header.X-Api-Token', 'another header', 'x'],
  ['$request.querystring.token', 'a query string parameter', 'q'],
  ['$request.querystring.Token', 'a query string parameter, by its exact name', undefined],
  ['$context.identity.sourceIp', 'neither a header nor a query string parameter', undefined],
  ['x$request.header.authorization', 'a source that only contains a header source', undefined],
  ['x$request.querystring.token', 'a source that only contains a query source', undefined],
  ['$request.header.authorization\nx', 'a header name with a line break', undefined],
  ['$request.querystring.token\nx', 'a query name with a line break', undefined],
])('[W] identity source %s: %s', (source, _name, expected) => {
  const request = { headers: { 'authorization': 'h', 'x-api-token': 'x' }, query: { token: 'q' } };
  expect(identitySourceValue(source, request)).toBe(expected);
});

test('[W] claims reach the integration as strings: lists as "[a b]", objects as JSON, other values as text', () => {
  expect(claimsAsStrings({ s: 'text', n: 5, b: true, z: null, list: ['a', 'b'], object: { a: 1 } }))
    .toEqual({ s: 'text', n: '5', b: 'true', z: 'null', list: '[a b]', object: '{"a":1}' });
});

describe('a signature verified once (src/local/api/verified-signatures.ts) changes no decision', () => {
  test('[W] the same token again → 200; at its exp, though its signature verified before → 401 "the token has expired"', async () => {
    let now = NOW;
    const keySet = { keys: [{ ...keyJwk, kid: 'rs256', alg: 'RS256' }] }; // one cached set, as JwksCache keeps it
    const keys = { keysFor: async () => keySet } as unknown as JwksCache;
    const clocked = new JwtAuthorizer({ issuer: ISSUER, audience: [CLIENT], identitySource: '$request.header.Authorization' }, keys, () => now);
    const jwt = await token({ claims: { exp: NOW + 60 } });
    const ask = () => clocked.authorize({ headers: { authorization: `Bearer ${jwt}` }, query: {} }, []);
    expect((await ask()).allowed).toBe(true);
    expect((await ask()).allowed).toBe(true);
    now = NOW + 60;
    expect(await ask()).toMatchObject({ allowed: false, status: 401, error: 'the token has expired' });
  });

  test('[W] the header and payload of a token that verified, with another signature → 401 "the token signature is invalid"', async () => {
    const genuine = await token({ claims: { sub: 'cached' } });
    expect((await authorizer.authorize({ headers: { authorization: genuine }, query: {} }, [])).allowed).toBe(true);
    const [header, payload] = genuine.split('.');
    const forged = `${header}.${payload}.${(await token({ claims: { sub: 'cached' }, foreignKey: true })).split('.')[2]}`;
    expect(await authorizer.authorize({ headers: { authorization: forged }, query: {} }, []))
      .toMatchObject({ allowed: false, status: 401, error: 'the token signature is invalid' });
  });

  test('[W] a token that verified against one key, presented under another key\'s kid → 401 "the token signature is invalid"', async () => {
    const genuine = await token({ kid: 'rs256' });
    expect((await authorizer.authorize({ headers: { authorization: genuine }, query: {} }, [])).allowed).toBe(true);
    const other = { keysFor: async () => ({ keys: [{ ...otherKeyJwk, kid: 'rs256', alg: 'RS256' }] }) } as unknown as JwksCache;
    const rotated = new JwtAuthorizer({ issuer: ISSUER, audience: [CLIENT], identitySource: '$request.header.Authorization' }, other, () => NOW);
    expect(await rotated.authorize({ headers: { authorization: genuine }, query: {} }, []))
      .toMatchObject({ allowed: false, status: 401, error: 'the token signature is invalid' });
  });
});

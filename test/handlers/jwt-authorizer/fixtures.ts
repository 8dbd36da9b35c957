import * as crypto from 'crypto';
import * as https from 'https';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { exportJWK, generateKeyPair, JWK, JWTPayload, KeyLike, SignJWT } from 'jose';
import { selfSignedCertificate } from './tls';

/**
 * The handler the tests load: the bundle, as it ships in every package (built by `pre-compile`), not
 * the TypeScript source — except under mutation testing (`npx projen test:mutation` sets
 * `JWT_AUTHORIZER_FROM_SOURCE=1`), where the mutated source must run.
 */
export const FROM_SOURCE = process.env.JWT_AUTHORIZER_FROM_SOURCE === '1';
export const ASSET = FROM_SOURCE
  ? path.join(__dirname, '../../../src/handlers/jwt-authorizer.lambda.ts')
  : path.join(__dirname, '../../../assets/handlers/jwt-authorizer.lambda/index.js');
/**
 * The source module's type (erased at run time). Its `import()` is also what tells jest's
 * `--findRelatedTests` (used by mutation testing) that these tests depend on the source's files.
 */
export type AuthorizerSource = typeof import('../../../src/handlers/jwt-authorizer.lambda');

export const COGNITO_ISSUER = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc';
export const OTHER_ISSUER = 'https://login.example.com/';
export const CLIENT_ID = 'client-1';
export const OTHER_AUDIENCE = 'api://items';

export interface AuthorizerModule {
  handler: (event: unknown) => Promise<{ isAuthorized: boolean; context?: Record<string, string> }>;
  /** Settles once the cold-start JWKS fetch has succeeded or failed; never rejects. */
  ready: Promise<void>;
}

interface SigningKey {
  readonly kid: string;
  readonly alg: 'RS256' | 'ES256';
  readonly privateKey: KeyLike;
  readonly publicKey: KeyLike;
  readonly jwk: JWK;
}

async function signingKey(kid: string, alg: 'RS256' | 'ES256'): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey, publicKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

/** Every key the tests use: the pool's RSA and EC keys, the other issuer's key, and an attacker's. */
export interface Keys {
  readonly poolRsa: SigningKey;
  readonly poolEc: SigningKey;
  readonly other: SigningKey;
  readonly attacker: SigningKey;
}

export async function generateKeys(): Promise<Keys> {
  const [poolRsa, poolEc, other, attacker] = await Promise.all([
    signingKey('pool-rsa-1', 'RS256'),
    signingKey('pool-ec-1', 'ES256'),
    signingKey('other-rsa-1', 'RS256'),
    signingKey('attacker-1', 'RS256'),
  ]);
  return { poolRsa, poolEc, other, attacker };
}

/**
 * A JWKS server on 127.0.0.1 (random port) over TLS, counting requests per path:
 * `/pool/jwks.json`, `/other/jwks.json`, and `/hang/jwks.json` (accepts, never answers).
 * Trusts its certificate in this process only (`https.globalAgent.options.ca`).
 */
export class JwksServer {
  static async start(keys: Keys): Promise<JwksServer> {
    const server = new JwksServer(keys);
    await new Promise<void>((resolve) => server.server.listen(0, '127.0.0.1', resolve));
    return server;
  }

  readonly requests = new Map<string, number>();
  private readonly server: https.Server;
  private readonly previousCa: unknown;

  private constructor(keys: Keys) {
    const tls = selfSignedCertificate();
    const documents: Record<string, string> = {
      '/pool/jwks.json': JSON.stringify({ keys: [keys.poolRsa.jwk, keys.poolEc.jwk] }),
      '/other/jwks.json': JSON.stringify({ keys: [keys.other.jwk] }),
    };
    this.server = https.createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
      const url = req.url ?? '';
      this.requests.set(url, (this.requests.get(url) ?? 0) + 1);
      if (url === '/hang/jwks.json') return; // never answers
      const body = documents[url];
      res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
      res.end(body ?? '{}');
    });
    const agentOptions = https.globalAgent.options as { ca?: unknown };
    this.previousCa = agentOptions.ca;
    agentOptions.ca = [tls.cert];
  }

  get base(): string {
    return `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  count(pathname: string): number {
    return this.requests.get(pathname) ?? 0;
  }

  async stop(): Promise<void> {
    (https.globalAgent.options as { ca?: unknown }).ca = this.previousCa;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    https.globalAgent.destroy();
  }
}

/** A URL on 127.0.0.1 where nothing listens (the JWKS server is down). */
export async function deadJwksUri(): Promise<string> {
  const probe = https.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `https://127.0.0.1:${port}/pool/jwks.json`;
}

/** The configuration the tests use: a Cognito pool (access tokens) and a generic OIDC issuer. */
export function authorizerConfig(base: string, overrides: { poolTokenUse?: 'id' | 'access' | null; poolJwksUri?: string; jwksTimeoutMs?: number } = {}) {
  return {
    issuers: [
      {
        issuer: COGNITO_ISSUER,
        audience: [CLIENT_ID, 'client-2'],
        jwksUri: overrides.poolJwksUri ?? `${base}/pool/jwks.json`,
        tokenUse: overrides.poolTokenUse === undefined ? 'access' : overrides.poolTokenUse,
        cognito: true,
      },
      { issuer: OTHER_ISSUER, audience: [OTHER_AUDIENCE], jwksUri: `${base}/other/jwks.json` },
    ],
    routes: {
      'GET /items': { scopes: ['items/read', 'items/admin'] },
      'DELETE /items/{id}': { groups: ['admin'] },
      'GET /tenants/{tenant}': { claims: { 'custom:tenant': ['t1', 't2'] } },
    },
    ...(overrides.jwksTimeoutMs !== undefined ? { jwksTimeoutMs: overrides.jwksTimeoutMs } : {}),
  };
}

/** Claims of a Cognito access token for `alice`. */
export function accessTokenClaims(extra: JWTPayload = {}): JWTPayload {
  return {
    'sub': 'sub-alice',
    'iss': COGNITO_ISSUER,
    'client_id': CLIENT_ID,
    'token_use': 'access',
    'scope': 'items/read profile',
    'username': 'alice',
    'cognito:groups': ['admin', 'readers'],
    'jti': crypto.randomUUID(),
    ...extra,
  };
}

/** Claims of a Cognito ID token for `alice` (no `scope`, `aud` = the client id). */
export function idTokenClaims(extra: JWTPayload = {}): JWTPayload {
  return {
    'sub': 'sub-alice',
    'iss': COGNITO_ISSUER,
    'aud': CLIENT_ID,
    'token_use': 'id',
    'cognito:username': 'alice',
    'cognito:groups': ['admin'],
    'custom:tenant': 't1',
    ...extra,
  };
}

/** Sign claims with a key; `exp` defaults to 5 minutes, `iat` to now (set them to `undefined` to omit). */
export async function sign(key: SigningKey, claims: JWTPayload, header: { kid?: string; alg?: string } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload: JWTPayload = { iat: now, exp: now + 300, ...claims };
  for (const name of Object.keys(payload)) if (payload[name] === undefined) delete payload[name];
  return new SignJWT(payload).setProtectedHeader({ alg: key.alg, kid: key.kid, ...header }).sign(key.privateKey);
}

/**
 * Sign with any protected header, built by hand: jose refuses to sign a `crit` it does not know
 * (or an empty one). RS256 keys only; `exp` and `iat` as in {@link sign}.
 */
export function signWithHeader(key: SigningKey, claims: JWTPayload, header: Record<string, unknown>): string {
  if (key.alg !== 'RS256') throw new Error('signWithHeader signs with RS256 keys only');
  const now = Math.floor(Date.now() / 1000);
  const input = `${b64url({ alg: key.alg, kid: key.kid, ...header })}.${b64url({ iat: now, exp: now + 300, ...claims })}`;
  return `${input}.${crypto.sign('sha256', Buffer.from(input), key.privateKey as crypto.KeyObject).toString('base64url')}`;
}

const b64url = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** An unsigned token (`alg: none`) — built by hand, jose refuses to make one. */
export function unsecuredToken(claims: JWTPayload, kid: string): string {
  const now = Math.floor(Date.now() / 1000);
  return `${b64url({ alg: 'none', kid, typ: 'JWT' })}.${b64url({ iat: now, exp: now + 300, ...claims })}.`;
}

/** HS256 "signed" with the issuer's public key as the HMAC secret (the classic RS256→HS256 confusion). */
export function hmacWithPublicKey(claims: JWTPayload, kid: string, secret: string): string {
  const now = Math.floor(Date.now() / 1000);
  const input = `${b64url({ alg: 'HS256', kid, typ: 'JWT' })}.${b64url({ iat: now, exp: now + 300, ...claims })}`;
  return `${input}.${crypto.createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** The token with its payload replaced (header and signature kept). */
export function tamper(token: string, change: (payload: Record<string, unknown>) => void): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
  change(claims);
  return `${header}.${b64url(claims)}.${signature}`;
}

/** An HTTP API payload 2.0 Lambda authorizer event (`APIGatewayRequestAuthorizerEventV2`). */
export function authorizerEvent(routeKey: string, authorization?: string) {
  const [method, rawPath] = routeKey.split(' ');
  const headers: Record<string, string> = { 'host': 'api.example.com', 'user-agent': 'jest' };
  if (authorization !== undefined) headers.authorization = authorization;
  return {
    version: '2.0',
    type: 'REQUEST',
    routeArn: `arn:aws:execute-api:eu-west-1:123456789012:abcdef/$default/${method}${rawPath}`,
    identitySource: authorization !== undefined ? [authorization] : [],
    routeKey,
    rawPath,
    rawQueryString: '',
    headers,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abcdef',
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'jest' },
      requestId: `req-${crypto.randomUUID()}`,
      routeKey,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
  };
}

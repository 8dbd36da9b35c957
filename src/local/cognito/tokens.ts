import { createHash, generateKeyPairSync, KeyObject, randomUUID } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { gunzipSync } from 'zlib';
import { calculateJwkThumbprint, decodeProtectedHeader, exportJWK, importJWK, JWK, JSONWebKeySet, jwtVerify, KeyLike, SignJWT } from 'jose';

/**
 * Tokens as Cognito issues them (claims of "Understanding user pool JSON web tokens (JWTs)"), each
 * pool's signed with its own RSA key, whose `kid` is the key's RFC 7638 thumbprint (a new key, a new
 * kid: a client's cached key set is fetched again). The keys are made at the runner's start and kept
 * across --watch reloads ({@link PoolKeys}); the Cognito endpoint serves them at each pool's JWKS URL.
 *
 * Why not moto's key: moto checks an access token (GetUser, ChangePassword, GlobalSignOut…) by
 * looking it up among the tokens it issued itself (`user_pool.access_tokens`, moto/cognitoidp/models.py),
 * never by its signature, so no key makes it accept a token the runner issued: the front answers
 * those operations itself. moto's public key (kid `dummy`) stays in every pool's key set, so the
 * tokens moto still issues unchanged (those the front does not re-issue) verify as before.
 */

/** moto's signing key ships in its package (`moto/cognitoidp/resources/jwks-private.json.gz`). */
export function findMotoPrivateKey(python: string): string {
  const venv = path.dirname(path.dirname(python));
  const libs = [path.join(venv, 'Lib')];
  const lib = path.join(venv, 'lib');
  if (fs.existsSync(lib)) libs.push(...fs.readdirSync(lib).filter((name) => name.startsWith('python')).map((name) => path.join(lib, name)));
  for (const dir of libs) {
    const candidate = path.join(dir, 'site-packages', 'moto', 'cognitoidp', 'resources', 'jwks-private.json.gz');
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error(`moto's signing key is not in the virtualenv ${venv} (moto/cognitoidp/resources/jwks-private.json.gz)`);
}

/** One pool's signing key: the private half, the public JWK served (with its `kid`). */
export interface PoolKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly publicJwk: JWK;
}

/** Pool id → its key; kept by the runner across --watch reloads. */
export type PoolKeys = Map<string, PoolKey>;

/** The pool id of an issuer (`https://cognito-idp.<region>.amazonaws.com/<poolId>` or `http://127.0.0.1:<port>/<poolId>`). */
export const poolIdOf = (issuer: string): string => issuer.replace(/\/+$/, '').split('/').pop() ?? '';

export interface TokenUser {
  readonly username: string;
  readonly sub: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly groups: readonly string[];
}

/** A pre-token-generation trigger's changes (V1 `claimsOverrideDetails`, V2 `claimsAndScopeOverrideDetails`). */
export interface TokenOverrides {
  readonly idClaims?: Record<string, unknown>;
  readonly idSuppress?: readonly string[];
  readonly accessClaims?: Record<string, unknown>;
  readonly accessSuppress?: readonly string[];
  readonly scopesToAdd?: readonly string[];
  readonly scopesToSuppress?: readonly string[];
  readonly groups?: readonly string[];
}

/** Claims a trigger may not change ("Pre token generation Lambda trigger": the reserved claims). */
const RESERVED = new Set(['acr', 'amr', 'aud', 'at_hash', 'auth_time', 'azp', 'cognito:username', 'exp', 'iat', 'identities',
  'iss', 'jti', 'nbf', 'nonce', 'origin_jti', 'sub', 'token_use', 'client_id', 'event_id', 'scope', 'username', 'version']);

function applyClaims(claims: Record<string, unknown>, add: Record<string, unknown> | undefined, suppress: readonly string[] | undefined) {
  for (const name of suppress ?? []) if (!RESERVED.has(name)) delete claims[name];
  for (const [name, value] of Object.entries(add ?? {})) if (!RESERVED.has(name)) claims[name] = value;
}

/** The scopes after a trigger's `scopesToAdd` and `scopesToSuppress`. */
function overriddenScopes(scopes: readonly string[], o: TokenOverrides): string[] {
  return [...new Set([...scopes, ...o.scopesToAdd ?? []])].filter((scope) => !(o.scopesToSuppress ?? []).includes(scope));
}

/**
 * An attribute as an ID token claim: the `*_verified` flags are booleans, and a federated user's
 * `identities` (a JSON string attribute) is the array it holds ("Understanding the identity (ID) token").
 */
function claimOf(name: string, value: string): unknown {
  if (name === 'email_verified' || name === 'phone_number_verified') return value === 'true';
  if (name !== 'identities') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

export class CognitoTokenSigner {
  /** moto's public key (kid `dummy`), for the tokens moto issues itself. */
  static async create(python: string, keys: PoolKeys = new Map()): Promise<CognitoTokenSigner> {
    const moto: JWK = JSON.parse(gunzipSync(fs.readFileSync(findMotoPrivateKey(python))).toString('utf-8'));
    const motoJwk: JWK = { alg: 'RS256', e: moto.e, kid: moto.kid ?? 'dummy', kty: 'RSA', n: moto.n, use: 'sig' };
    return new CognitoTokenSigner(keys, motoJwk, await importJWK(motoJwk, 'RS256') as KeyLike);
  }

  private constructor(private readonly keys: PoolKeys, private readonly motoJwk: JWK, private readonly motoKey: KeyLike) {}

  /** The pool's key, made on first use (RSA 2048, as Cognito's). */
  private async key(userPoolId: string): Promise<PoolKey> {
    let key = this.keys.get(userPoolId);
    if (!key) {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const jwk = await exportJWK(publicKey);
      key = { privateKey, publicKey, publicJwk: { alg: 'RS256', e: jwk.e, kid: await calculateJwkThumbprint(jwk), kty: 'RSA', n: jwk.n, use: 'sig' } };
      this.keys.set(userPoolId, key);
    }
    return key;
  }

  /** The pool's key set, as `<issuer>/.well-known/jwks.json` serves it: its own key, then moto's. */
  async jwks(userPoolId: string): Promise<JSONWebKeySet> {
    return { keys: [(await this.key(userPoolId)).publicJwk, this.motoJwk] };
  }

  /** Signs with the key of the pool the `iss` claim names. */
  private async sign(claims: Record<string, unknown>): Promise<string> {
    const key = await this.key(poolIdOf(String(claims.iss)));
    return new SignJWT(claims).setProtectedHeader({ kid: key.publicJwk.kid, alg: 'RS256' }).sign(key.privateKey);
  }

  /** Whether the runner issued `token` (signed with a pool's key, not moto's). */
  issued(token: string): boolean {
    try {
      const kid = decodeProtectedHeader(token).kid;
      return [...this.keys.values()].some((key) => key.publicJwk.kid === kid);
    } catch {
      return false;
    }
  }

  /** Verifies a token of `issuer` (its pool's key, or moto's for moto's own tokens). Throws when it is not one. */
  async verify(token: string, issuer: string): Promise<Record<string, unknown>> {
    const own = await this.key(poolIdOf(issuer));
    const key = decodeProtectedHeader(token).kid === own.publicJwk.kid ? own.publicKey : this.motoKey;
    return (await jwtVerify(token, key, { issuer, algorithms: ['RS256'] })).payload as Record<string, unknown>;
  }

  /** A user's ID and access tokens (ID token only with `openid`), as one sign-in or refresh issues them. */
  async userTokens(options: {
    issuer: string;
    clientId: string;
    user: TokenUser;
    scopes: readonly string[];
    authTime: number;
    originJti: string;
    accessTtlSeconds: number;
    idTtlSeconds: number;
    nonce?: string;
    overrides?: TokenOverrides;
    /** An ID token whatever the scopes (InitiateAuth issues one without `openid`). */
    idToken?: boolean;
  }): Promise<{ accessToken: string; idToken?: string; scopes: string[] }> {
    const now = Math.floor(Date.now() / 1000);
    const o = options.overrides ?? {};
    const groups = o.groups ?? options.user.groups;
    const scopes = overriddenScopes(options.scopes, o);
    const access: Record<string, unknown> = {
      sub: options.user.sub,
      ...(groups.length ? { 'cognito:groups': [...groups] } : {}),
      iss: options.issuer,
      version: 2,
      client_id: options.clientId,
      origin_jti: options.originJti,
      token_use: 'access',
      scope: scopes.join(' '),
      auth_time: options.authTime,
      exp: now + options.accessTtlSeconds,
      iat: now,
      jti: randomUUID(),
      username: options.user.username,
    };
    applyClaims(access, o.accessClaims, o.accessSuppress);
    const accessToken = await this.sign(access);
    if (!options.idToken && !scopes.includes('openid')) return { accessToken, scopes };
    const id: Record<string, unknown> = {
      'at_hash': createHash('sha256').update(accessToken).digest().subarray(0, 16).toString('base64url'),
      'sub': options.user.sub,
      ...(groups.length ? { 'cognito:groups': [...groups] } : {}),
      ...Object.fromEntries(Object.entries(options.user.attributes).filter(([name]) => name !== 'sub').map(([name, value]) => [name, claimOf(name, value)])),
      'iss': options.issuer,
      'cognito:username': options.user.username,
      'origin_jti': options.originJti,
      'aud': options.clientId,
      'token_use': 'id',
      'auth_time': options.authTime,
      ...(options.nonce ? { nonce: options.nonce } : {}),
      'exp': now + options.idTtlSeconds,
      'iat': now,
      'jti': randomUUID(),
    };
    applyClaims(id, o.idClaims, o.idSuppress);
    return { accessToken, idToken: await this.sign(id), scopes };
  }

  /** A machine client's access token (client credentials): `sub` is the client id; a V3 trigger's `overrides` applied. */
  machineToken(options: {
    issuer: string; clientId: string; scopes: readonly string[]; ttlSeconds: number; overrides?: TokenOverrides;
  }): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const o = options.overrides ?? {};
    const access: Record<string, unknown> = {
      sub: options.clientId,
      token_use: 'access',
      scope: overriddenScopes(options.scopes, o).join(' '),
      auth_time: now,
      iss: options.issuer,
      exp: now + options.ttlSeconds,
      iat: now,
      version: 2,
      jti: randomUUID(),
      client_id: options.clientId,
    };
    applyClaims(access, o.accessClaims, o.accessSuppress);
    return this.sign(access);
  }
}

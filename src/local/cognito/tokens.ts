import { createHash, randomUUID } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { gunzipSync } from 'zlib';
import { importJWK, JWK, jwtVerify, KeyLike } from 'jose';

/**
 * Tokens as Cognito issues them (claims of "Understanding user pool JSON web tokens (JWTs)"), signed
 * with the emulator's key: moto serves its public half at every pool's JWKS URL, so the local JWT
 * authorizer, the shipped Lambda authorizer and `aws-jwt-verify` in the user's own code accept them.
 */

/** moto's private signing key ships in its package (`moto/cognitoidp/resources/jwks-private.json.gz`). */
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

const toBigInt = (base64url: string) => BigInt(`0x${Buffer.from(base64url, 'base64url').toString('hex') || '0'}`);

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = BigInt(1);
  let b = base % modulus;
  let e = exponent;
  while (e > BigInt(0)) {
    if (e % BigInt(2) === BigInt(1)) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e /= BigInt(2);
  }
  return result;
}

/** DER prefix of a SHA-256 DigestInfo (RFC 8017, section 9.2). */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

export class CognitoTokenSigner {
  /**
   * moto's key has only `n`, `e` and `d` (no CRT primes, so no runtime imports it as a private key):
   * RS256 (RSASSA-PKCS1-v1_5 with SHA-256) is computed here from those.
   */
  static async fromMoto(python: string): Promise<CognitoTokenSigner> {
    const jwk: JWK = JSON.parse(gunzipSync(fs.readFileSync(findMotoPrivateKey(python))).toString('utf-8'));
    const publicKey = await importJWK({ kty: 'RSA', n: jwk.n, e: jwk.e }, 'RS256') as KeyLike;
    return new CognitoTokenSigner(toBigInt(jwk.n!), toBigInt(jwk.d!), Buffer.from(jwk.n!, 'base64url').length, publicKey, jwk.kid ?? 'dummy');
  }

  private constructor(
    private readonly n: bigint, private readonly d: bigint, private readonly size: number,
    private readonly publicKey: KeyLike, private readonly kid: string,
  ) {}

  private async sign(claims: Record<string, unknown>): Promise<string> {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const input = `${encode({ kid: this.kid, alg: 'RS256' })}.${encode(claims)}`;
    const digestInfo = Buffer.concat([SHA256_DIGEST_INFO, createHash('sha256').update(input).digest()]);
    const padded = Buffer.concat([Buffer.from([0, 1]), Buffer.alloc(this.size - digestInfo.length - 3, 0xff), Buffer.from([0]), digestInfo]);
    const signature = modPow(BigInt(`0x${padded.toString('hex')}`), this.d, this.n).toString(16).padStart(this.size * 2, '0');
    return `${input}.${Buffer.from(signature, 'hex').toString('base64url')}`;
  }

  /** Verifies a token this signer made (for /oauth2/userInfo). Throws when it is not one. */
  async verify(token: string, issuer: string): Promise<Record<string, unknown>> {
    return (await jwtVerify(token, this.publicKey, { issuer, algorithms: ['RS256'] })).payload as Record<string, unknown>;
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
    const scopes = [...new Set([...options.scopes, ...o.scopesToAdd ?? []])].filter((scope) => !(o.scopesToSuppress ?? []).includes(scope));
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
      ...Object.fromEntries(Object.entries(options.user.attributes).filter(([name]) => name !== 'sub')
        .map(([name, value]) => [name, name === 'email_verified' || name === 'phone_number_verified' ? value === 'true' : value])),
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

  /** A machine client's access token (client credentials): `sub` is the client id. */
  machineToken(options: { issuer: string; clientId: string; scopes: readonly string[]; ttlSeconds: number }): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return this.sign({
      sub: options.clientId,
      token_use: 'access',
      scope: options.scopes.join(' '),
      auth_time: now,
      iss: options.issuer,
      exp: now + options.ttlSeconds,
      iat: now,
      version: 2,
      jti: randomUUID(),
      client_id: options.clientId,
    });
  }
}

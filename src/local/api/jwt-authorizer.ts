import { compactVerify, decodeJwt, decodeProtectedHeader, importJWK, JWK, KeyLike } from 'jose';
import { JwksCache } from './jwks';
import { verifyOnce } from './verified-signatures';

/**
 * API Gateway's JWT authorizer, as documented in "Control access to HTTP APIs with JWT authorizers"
 * (workflow and claim checks) and "Troubleshooting issues with HTTP API JWT authorizers" (the
 * `www-authenticate` header). The checks run in the documented order; the first failure answers.
 */

export interface JwtAuthorizerConfig {
  /** `JwtConfiguration.Issuer`, compared exactly with `iss`. */
  readonly issuer: string;
  /** `JwtConfiguration.Audience`: `aud` (or `client_id` when there is no `aud`) must be one of them. */
  readonly audience: readonly string[];
  /** `IdentitySource`, e.g. `$request.header.Authorization`. */
  readonly identitySource: string;
}

/** The request as the authorizer sees it. */
export interface AuthorizerRequest {
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly query: Readonly<Record<string, string | undefined>>;
}

export type JwtDecision =
  | { readonly allowed: true; readonly claims: Record<string, string>; readonly scopes: string[] | null }
  | { readonly allowed: false; readonly status: 401 | 403; readonly error: string; readonly wwwAuthenticate: string };

/** Algorithms API Gateway accepts: "Currently, only RSA-based algorithms are supported." */
const RSA_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];

/** Reads the identity source's value (`$request.header.X` or `$request.querystring.X`). */
export function identitySourceValue(source: string, request: AuthorizerRequest): string | undefined {
  const header = /^\$request\.header\.(.+)$/.exec(source);
  if (header) return request.headers[header[1].toLowerCase()];
  const query = /^\$request\.querystring\.(.+)$/.exec(source);
  if (query) return request.query[query[1]];
  return undefined;
}

/** Claims reach payload 2.0 events as strings; arrays as API Gateway renders them: `[a b]`. */
export function claimsAsStrings(payload: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(payload).map(([name, value]) => [
    name,
    typeof value === 'string' ? value
      : Array.isArray(value) ? `[${value.join(' ')}]`
        : typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value),
  ]));
}

/** The token's scopes: `scope` (space-separated) or `scp` (list or space-separated). */
export function tokenScopes(payload: Record<string, unknown>): string[] {
  for (const claim of [payload.scope, payload.scp]) {
    if (typeof claim === 'string') return claim.split(' ').filter(Boolean);
    if (Array.isArray(claim)) return claim.filter((scope): scope is string => typeof scope === 'string');
  }
  return [];
}

function deny(status: 401 | 403, error: string, requiredScopes: readonly string[] = []): JwtDecision {
  // The documented form is `Bearer scope="" error="invalid_token" error_description="…"`; for 403,
  // RFC 6750's `insufficient_scope` with the route's scopes.
  const wwwAuthenticate = status === 401
    ? `Bearer scope="" error="invalid_token" error_description="${error}"`
    : `Bearer scope="${requiredScopes.join(' ')}" error="insufficient_scope" error_description="${error}"`;
  return { allowed: false, status, error, wwwAuthenticate };
}

/** Imported keys, per JWK object of the (cached) key set: importing costs more than verifying. */
const importedKeys = new WeakMap<JWK, Promise<KeyLike | Uint8Array>>();

function importKey(jwk: JWK, alg: string): Promise<KeyLike | Uint8Array> {
  let key = importedKeys.get(jwk);
  if (!key) {
    key = importJWK({ ...jwk, alg: jwk.alg ?? alg }, jwk.alg ?? alg);
    importedKeys.set(jwk, key);
  }
  return key;
}

export class JwtAuthorizer {
  constructor(
    readonly config: JwtAuthorizerConfig,
    private readonly jwks: JwksCache,
    /** Seconds since the epoch; injectable for tests. */
    private readonly now: () => number = () => Math.floor(Date.now() / 1000),
  ) {}

  async authorize(request: AuthorizerRequest, routeScopes: readonly string[]): Promise<JwtDecision> {
    const raw = identitySourceValue(this.config.identitySource, request)?.trim();
    if (!raw) return deny(401, 'no token in the identity source');
    // "The identitySource can include only the token, or the token prefixed with Bearer."
    const token = raw.replace(/^Bearer\s+/i, '');

    let header: { alg?: string; kid?: string };
    let payload: Record<string, unknown>;
    try {
      header = decodeProtectedHeader(token);
      payload = decodeJwt(token); // three parts, a JSON object as the payload
    } catch {
      return deny(401, 'the token is not a valid JWT');
    }
    if (!header.alg || !RSA_ALGORITHMS.includes(header.alg)) return deny(401, `signing method ${header.alg ?? 'none'} is invalid`);

    // The keys come from the configured issuer, never from the token's own `iss`.
    let jwk: JWK | undefined;
    try {
      const keys = await this.jwks.keysFor(this.config.issuer, header.kid);
      jwk = keys.keys.find((key) => key.kid === header.kid);
    } catch (error) {
      return deny(401, `the issuer's keys could not be fetched: ${(error as Error).message}`);
    }
    if (!jwk) return deny(401, 'the token\'s kid is not in the issuer\'s JWKS');
    try {
      if (jwk.alg && jwk.alg !== header.alg) throw new Error('algorithm mismatch');
      const key = await importKey(jwk, header.alg);
      const options = { algorithms: [header.alg] };
      await verifyOnce(key, token, () => compactVerify(token, key, options));
    } catch {
      return deny(401, 'the token signature is invalid');
    }

    if (payload.iss !== this.config.issuer) return deny(401, 'the token does not have a valid issuer');
    const aud = payload.aud;
    const audiences = aud === undefined ? [payload.client_id] : Array.isArray(aud) ? aud : [aud];
    if (!audiences.some((value) => typeof value === 'string' && this.config.audience.includes(value))) {
      return deny(401, 'the token does not have a valid audience');
    }
    const now = this.now();
    if (typeof payload.exp !== 'number' || payload.exp <= now) return deny(401, 'the token has expired');
    if (payload.nbf !== undefined && (typeof payload.nbf !== 'number' || payload.nbf > now)) return deny(401, 'the token is not valid yet');
    if (payload.iat !== undefined && (typeof payload.iat !== 'number' || payload.iat > now)) return deny(401, 'the token was issued in the future');

    const scopes = tokenScopes(payload);
    if (routeScopes.length > 0 && !routeScopes.some((scope) => scopes.includes(scope))) {
      return deny(403, `the token does not have any of the route's scopes (${routeScopes.join(' ')})`, routeScopes);
    }
    return { allowed: true, claims: claimsAsStrings(payload), scopes: routeScopes.length > 0 ? scopes : null };
  }
}

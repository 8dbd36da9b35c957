import * as fs from 'fs';
import * as path from 'path';
import { validateCognitoJwtFields } from 'aws-jwt-verify/cognito-verifier';
import {
  CognitoJwtInvalidClientIdError,
  CognitoJwtInvalidTokenUseError,
  FetchError,
  JwkValidationError,
  JwksNotAvailableInCacheError,
  JwksValidationError,
  JwtInvalidAudienceError,
  JwtInvalidClaimError,
  JwtInvalidIssuerError,
  JwtInvalidSignatureAlgorithmError,
  JwtInvalidSignatureError,
  JwtExpiredError,
  JwtNotBeforeError,
  JwtParseError,
  JwtWithoutValidKidError,
  KidNotFoundInJwksError,
  ParameterValidationError,
  WaitPeriodNotYetEndedJwkError,
  JwkInvalidKtyError,
  JwkInvalidUseError,
} from 'aws-jwt-verify/error';
import { SimpleFetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { JwtHeader, JwtPayload } from 'aws-jwt-verify/jwt-model';
import { JwtVerifier } from 'aws-jwt-verify/jwt-verifier';
import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerWithContextResult } from 'aws-lambda';
import { AuthorizerConfigError, cognitoAlternateIssuer, parseAuthorizerConfig } from './jwt-authorizer/config';
import { DenyReason, extractToken, tokenGroups, unmetRequirement } from './jwt-authorizer/rules';
import { AuthorizerConfig, IssuerConfig, ROUTES_FILE } from '../shared/authorizer-config';

/**
 * A Lambda authorizer for API Gateway HTTP APIs (payload format 2.0, simple responses) that verifies
 * JWTs with aws-jwt-verify, then applies per-route scope, group and claim requirements.
 *
 * Configuration: the `AUTHORIZER_CONFIG` environment variable (issuers, whose ids CloudFormation
 * resolves) and the routes' requirements in `routes.json` beside this file (written into the code
 * asset at synth, so that no route count can pass Lambda's 4 KB environment limit); see
 * `jwt-authorizer/config.ts`.
 * The verifier is built once per execution environment and its JWKS fetched at cold start.
 * The handler never throws: every failure is `{ isAuthorized: false }` plus one JSON log line with a
 * reason code (never token content).
 *
 * Bundled at build time into `assets/handlers/jwt-authorizer.lambda/index.js`; never bundled at the consumer's synth.
 */

export interface AuthorizerContext {
  readonly sub: string;
  readonly username: string;
  /**
   * The token's groups as a JSON array (`["admin","readers"]`; `[]` for none): group names may
   * contain commas, so a joined list could not be split back unambiguously. Read it with `JSON.parse`.
   */
  readonly groups: string;
  readonly issuer: string;
  readonly tokenUse: string;
  [key: string]: string;
}

export type AuthorizerResult = APIGatewaySimpleAuthorizerWithContextResult<AuthorizerContext> | { isAuthorized: false };

/**
 * The clock skew allowed between the issuer and this function, in seconds, the same for `exp`, `nbf`
 * and `iat` (aws-jwt-verify's `graceSeconds` for the first two, our own check for `iat`).
 */
export const CLOCK_SKEW_SECONDS = 30;

/** Raised by our own `token_use` check for non-Cognito issuers. */
class TokenUseError extends Error {}
/** aws-jwt-verify accepts a token without `exp` (it never expires); API Gateway's JWT authorizer doesn't. */
class MissingExpError extends Error {}
/** aws-jwt-verify ignores `iat`; API Gateway's JWT authorizer requires it before the current time. */
class IssuedInFutureError extends Error {}
/**
 * A `crit` header (RFC 7515 §4.1.11): the recipient must reject the token when it does not understand
 * every extension listed, and this authorizer understands none (a malformed `crit` is refused too).
 */
class CriticalHeaderError extends Error {}

/** Checks run after the signature and the standard claims are verified. */
function customCheck(issuer: IssuerConfig): (props: { header: JwtHeader; payload: JwtPayload }) => void {
  // aws-jwt-verify's CognitoJwtVerifier checks, applied to a JwtVerifier whose JWKS URI we control.
  const cognito = issuer.cognito ? { clientId: issuer.audience, tokenUse: issuer.tokenUse, groups: null } : undefined;
  const tokenUse = issuer.cognito ? null : issuer.tokenUse;
  return ({ header, payload }) => {
    if (header.crit !== undefined) throw new CriticalHeaderError('crit not understood');
    if (payload.exp === undefined) throw new MissingExpError('exp missing');
    // aws-jwt-verify has already checked that iat, when present, is a number.
    if (payload.iat !== undefined && payload.iat - CLOCK_SKEW_SECONDS > Date.now() / 1000) throw new IssuedInFutureError('iat in the future');
    if (cognito !== undefined) validateCognitoJwtFields(payload, cognito);
    if (tokenUse !== null && payload.token_use !== tokenUse) throw new TokenUseError('token_use not allowed');
  };
}

/**
 * Set only by this package's local runner started with `--issuer local`: a Cognito issuer → the local
 * issuer of the same pool, accepted beside it (`{}` on AWS, where the variable is never set).
 */
const LOCAL_ISSUERS: Record<string, unknown> = (() => {
  try {
    const parsed = JSON.parse(process.env.CDK_LOCAL_ISSUER_MAP ?? '{}');
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed : {};
  } catch {
    return {};
  }
})();

function createVerifier(config: AuthorizerConfig) {
  const jwksCache = new SimpleJwksCache({
    // `timeout` is the socket idle time-out, `responseTimeout` the whole response. SimpleFetcher
    // retries once at once on a network error, so a dead JWKS endpoint costs at most 2 × the time-out.
    fetcher: new SimpleFetcher({
      defaultRequestOptions: { responseTimeout: config.jwksTimeoutMs, timeout: config.jwksTimeoutMs },
    }),
  });
  const issuers = config.issuers.flatMap((issuer) => {
    const verifyProperties = {
      // Cognito: the client id is checked by validateCognitoJwtFields (aud or client_id per token_use).
      audience: issuer.cognito ? null : issuer.audience,
      graceSeconds: CLOCK_SKEW_SECONDS,
      customJwtCheck: customCheck(issuer),
    };
    const primary = { issuer: issuer.issuer, jwksUri: issuer.jwksUri ?? defaultJwksUri(issuer.issuer), ...verifyProperties };
    const alternate = issuer.cognito ? cognitoAlternateIssuer(issuer.issuer) : undefined;
    const local = issuer.cognito ? LOCAL_ISSUERS[issuer.issuer] : undefined;
    return [
      primary,
      ...alternate === undefined ? [] : [{ issuer: alternate, jwksUri: issuer.jwksUri ?? defaultJwksUri(alternate), ...verifyProperties }],
      // The same pool, so the same keys (the runner serves them at the AWS issuer's JWKS URL too).
      ...typeof local === 'string' ? [{ ...primary, issuer: local }] : [],
    ];
  });
  // Multi-issuer: the verifier picks the configuration by the token's (unverified) `iss`.
  return JwtVerifier.create(issuers as [(typeof issuers)[number], ...(typeof issuers)[number][]], { jwksCache });
}

function defaultJwksUri(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/.well-known/jwks.json`;
}

function log(fields: Record<string, unknown>): void {
  console.log(JSON.stringify({ source: 'jwt-authorizer', ...fields }));
}

/** Map an aws-jwt-verify error to a reason code (by class, so it survives minification). */
function reasonFor(err: unknown): DenyReason {
  if (err instanceof JwtExpiredError) return 'expired';
  if (err instanceof JwtNotBeforeError) return 'not_yet_valid';
  if (err instanceof JwtInvalidIssuerError) return 'issuer_not_allowed';
  if (err instanceof JwtInvalidAudienceError || err instanceof CognitoJwtInvalidClientIdError) return 'audience_not_allowed';
  if (err instanceof CognitoJwtInvalidTokenUseError || err instanceof TokenUseError) return 'token_use_not_allowed';
  if (err instanceof JwtInvalidSignatureAlgorithmError) return 'signature_algorithm_not_allowed';
  if (err instanceof MissingExpError) return 'exp_missing';
  if (err instanceof IssuedInFutureError) return 'issued_in_future';
  if (err instanceof CriticalHeaderError) return 'crit_not_understood';
  if (err instanceof JwtInvalidClaimError) return 'claim_invalid';
  if (err instanceof JwtInvalidSignatureError) return 'signature_invalid';
  if (err instanceof JwtParseError) return 'malformed_token';
  if (err instanceof JwtWithoutValidKidError) return 'kid_missing';
  if (err instanceof KidNotFoundInJwksError) return 'kid_unknown';
  if (err instanceof WaitPeriodNotYetEndedJwkError) return 'jwks_refetch_rate_limited';
  if (err instanceof FetchError || err instanceof JwksValidationError || err instanceof JwksNotAvailableInCacheError) {
    return 'jwks_unavailable';
  }
  if (err instanceof JwkValidationError || err instanceof JwkInvalidUseError || err instanceof JwkInvalidKtyError) return 'jwk_invalid';
  // The multi-issuer verifier: "issuer not configured: …" / "issuer must be provided" (no `iss`).
  if (err instanceof ParameterValidationError && /^issuer (not configured|must be provided)/.test(err.message)) {
    return 'issuer_not_allowed';
  }
  return 'internal_error';
}

/** Errors whose message carries configuration (a JWKS URI), never token content: safe to log. */
function safeDetail(err: unknown): string | undefined {
  return err instanceof FetchError || err instanceof JwksValidationError ? err.message : undefined;
}

/** The routes' requirements the construct wrote beside the bundle, if any. */
function readRoutesFile(): string | undefined {
  const file = path.join(__dirname, ROUTES_FILE);
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf-8') : undefined;
}

// ---- cold start ----------------------------------------------------------------------------------

let config: AuthorizerConfig | undefined;
let verifier: ReturnType<typeof createVerifier> | undefined;
let configError: string | undefined;
try {
  config = parseAuthorizerConfig(process.env.AUTHORIZER_CONFIG, readRoutesFile());
  verifier = createVerifier(config);
} catch (err) {
  // A broken configuration denies every request (logged each time) instead of failing the init,
  // which API Gateway would turn into 500s.
  configError = err instanceof AuthorizerConfigError ? err.message : `unexpected: ${(err as Error)?.name}`;
  log({ level: 'ERROR', event: 'config_invalid', detail: configError });
}

/**
 * The cold-start JWKS fetch. Resolves (never rejects) once every issuer's JWKS is cached or its fetch
 * has failed; verification does not wait for it (a concurrent fetch of the same URI is shared).
 */
export const ready: Promise<void> = verifier
  ? verifier.hydrate().then(
    () => undefined,
    (err: unknown) => log({ level: 'WARN', event: 'jwks_hydrate_failed', error: reasonFor(err), detail: safeDetail(err) }),
  )
  : Promise.resolve();

// ---- handler -------------------------------------------------------------------------------------

/**
 * The fast path: verify synchronously with the cached JWKS (no promise round-trips). Returns undefined
 * when the key is not cached yet (cold start still fetching, or an unknown `kid`): the caller then
 * takes aws-jwt-verify's asynchronous path, which fetches the JWKS subject to its rate limit. Every
 * other failure is thrown as is; both paths run exactly the same checks.
 */
function verifyWithCachedKeys(v: NonNullable<typeof verifier>, token: string): JwtPayload | undefined {
  try {
    return v.verifySync(token);
  } catch (err) {
    if (err instanceof JwksNotAvailableInCacheError || err instanceof KidNotFoundInJwksError) return undefined;
    throw err;
  }
}

function deny(event: APIGatewayRequestAuthorizerEventV2 | undefined, reason: DenyReason, detail?: string): { isAuthorized: false } {
  log({ level: 'INFO', event: 'deny', reason, routeKey: event?.routeKey, requestId: event?.requestContext?.requestId, detail });
  return { isAuthorized: false };
}

export async function handler(event: APIGatewayRequestAuthorizerEventV2): Promise<AuthorizerResult> {
  try {
    if (verifier === undefined || config === undefined) return deny(event, 'config_invalid', configError);
    const token = extractToken(event?.headers?.authorization);
    if (typeof token !== 'string') return deny(event, token.deny);

    let payload: JwtPayload;
    try {
      payload = verifyWithCachedKeys(verifier, token) ?? (await verifier.verify(token));
    } catch (err) {
      return deny(event, reasonFor(err), safeDetail(err));
    }

    const groups = tokenGroups(payload);
    const unmet = unmetRequirement(config.routes[event.routeKey], payload, groups);
    if (unmet !== undefined) return deny(event, unmet);

    const username = payload['cognito:username'] ?? payload.username;
    return {
      isAuthorized: true,
      context: {
        sub: typeof payload.sub === 'string' ? payload.sub : '',
        username: typeof username === 'string' ? username : '',
        groups: JSON.stringify(groups),
        issuer: typeof payload.iss === 'string' ? payload.iss : '',
        tokenUse: typeof payload.token_use === 'string' ? payload.token_use : '',
      },
    };
  } catch (err) {
    // Our own bug: name the error class, never its message (it could quote the token).
    return deny(event, 'internal_error', (err as Error)?.constructor?.name);
  }
}

import { Duration } from 'aws-cdk-lib';

/** Which token a verifier accepts, by its `token_use` claim. */
export enum TokenUse {
  /** ID tokens only. */
  ID = 'id',
  /** Access tokens only. */
  ACCESS = 'access',
  /** Either (the claim is not checked; Cognito tokens must still carry `id` or `access`). */
  ANY = 'any',
}

/**
 * A token issuer the Lambda authorizer trusts besides (or instead of) the user pool: another Cognito
 * pool, or any OIDC provider (Auth0, Okta, Entra ID, ...).
 */
export interface TrustedIssuer {
  /**
   * The exact `iss` claim of the issuer's tokens, an https URL, e.g. `https://example.eu.auth0.com/`.
   */
  readonly issuer: string;

  /**
   * The accepted audiences (`aud` claim, or `client_id` for Cognito access tokens).
   *
   * @default - the audience is not checked: only do this for an issuer that issues tokens for this API alone
   */
  readonly audience?: string[];

  /**
   * Where the issuer publishes its signing keys, when not at `<issuer>/.well-known/jwks.json`.
   *
   * @default - `<issuer>/.well-known/jwks.json`
   */
  readonly jwksUri?: string;

  /**
   * Which tokens are accepted, by their `token_use` claim.
   *
   * @default TokenUse.ANY
   */
  readonly tokenUse?: TokenUse;

  /**
   * Whether the issuer is a Cognito user pool: `client_id` is the audience of its access tokens and
   * `token_use` must be present.
   *
   * @default false
   */
  readonly cognito?: boolean;
}

/**
 * Options for `TokenAuthorizer.oidcIssuer()`.
 */
export interface OidcIssuerOptions {
  /**
   * The issuer URL (the tokens' `iss` claim), e.g. `https://example.eu.auth0.com/`. API Gateway reads
   * its keys from `<issuer>/.well-known/openid-configuration`.
   */
  readonly issuer: string;

  /**
   * The accepted audiences: API Gateway accepts a token whose `aud` (or `client_id`) is one of them.
   */
  readonly audience: string[];
}

/**
 * Options for `TokenAuthorizer.lambdaAuthorizer()`.
 */
export interface LambdaTokenAuthorizerOptions {
  /**
   * Whether tokens of the construct's user pool (and its app clients) are accepted.
   *
   * @default true
   */
  readonly trustUserPool?: boolean;

  /**
   * Which of the user pool's tokens are accepted.
   *
   * @default TokenUse.ANY
   */
  readonly userPoolTokenUse?: TokenUse;

  /**
   * Other issuers whose tokens are accepted.
   *
   * @default - none
   */
  readonly issuers?: TrustedIssuer[];

  /**
   * How long API Gateway caches a decision per token (and per route, when routes have requirements).
   * At most 1 hour; `Duration.seconds(0)` turns caching off.
   *
   * @default Duration.minutes(5)
   */
  readonly resultsCacheTtl?: Duration;

  /**
   * How long the authorizer waits for an issuer's keys (JWKS) before it denies.
   *
   * @default Duration.seconds(3)
   */
  readonly jwksTimeout?: Duration;
}

/** The kinds of `TokenAuthorizer`: which factory made it (`TokenAuthorizer.kind`). */
export enum TokenAuthorizerKind {
  /** API Gateway's JWT authorizer for the construct's user pool. */
  USER_POOL = 'USER_POOL',
  /** API Gateway's JWT authorizer for an external OIDC issuer. */
  OIDC_ISSUER = 'OIDC_ISSUER',
  /** The library's pre-bundled Lambda authorizer (aws-jwt-verify). */
  LAMBDA = 'LAMBDA',
}

/**
 * How the API checks tokens.
 *
 * | | cost beyond the HTTP API's requests | added latency | can check |
 * | --- | --- | --- | --- |
 * | `userPool()` / `oidcIssuer()` | none | none | signature, issuer, audience, expiry, scopes |
 * | `lambdaAuthorizer()` | Lambda invocations on cache misses | a Lambda call on cache misses | the above + several issuers, `token_use`, groups, claim values |
 *
 * @see https://aws.amazon.com/api-gateway/pricing/
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html
 */
export class TokenAuthorizer {
  /** API Gateway's JWT authorizer for the construct's (or your) Cognito user pool. The default. */
  public static userPool(): TokenAuthorizer {
    return new TokenAuthorizer(TokenAuthorizerKind.USER_POOL, undefined, undefined);
  }

  /**
   * API Gateway's JWT authorizer for any OIDC issuer (Auth0, Okta, Entra ID, another Cognito pool):
   * no Lambda, no extra cost. No user pool is created.
   */
  public static oidcIssuer(options: OidcIssuerOptions): TokenAuthorizer {
    return new TokenAuthorizer(TokenAuthorizerKind.OIDC_ISSUER, options, undefined);
  }

  /**
   * The library's pre-bundled Lambda authorizer (aws-jwt-verify): several issuers, `token_use`,
   * groups and claim values per route. Decisions are cached per token (and route).
   */
  public static lambdaAuthorizer(options: LambdaTokenAuthorizerOptions = {}): TokenAuthorizer {
    return new TokenAuthorizer(TokenAuthorizerKind.LAMBDA, undefined, options);
  }

  /** Which factory made this authorizer, and so which resources the construct creates for it. */
  public readonly kind: TokenAuthorizerKind;

  /**
   * The issuer and audience given to `oidcIssuer()`, as given.
   *
   * @default - undefined unless `kind` is `OIDC_ISSUER`
   */
  public readonly oidc?: OidcIssuerOptions;

  /**
   * The options given to `lambdaAuthorizer()`, as given (defaults not filled in).
   *
   * @default - undefined unless `kind` is `LAMBDA`
   */
  public readonly lambdaOptions?: LambdaTokenAuthorizerOptions;

  private constructor(kind: TokenAuthorizerKind, oidc?: OidcIssuerOptions, lambdaOptions?: LambdaTokenAuthorizerOptions) {
    this.kind = kind;
    this.oidc = oidc;
    this.lambdaOptions = lambdaOptions;
  }
}

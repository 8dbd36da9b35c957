/**
 * The shape of the JWT Lambda authorizer's configuration: written by the construct at synth, parsed
 * by the handler at cold start. The issuers (which hold CloudFormation references: pool and client
 * ids) go into the `AUTHORIZER_CONFIG` environment variable; the routes' requirements (plain
 * strings, growing with the routes) into {@link ROUTES_FILE} inside the function's code asset.
 */

/** The file beside the handler bundle that holds the routes' requirements (`AuthorizerConfig.routes`). */
export const ROUTES_FILE = 'routes.json';

/** What the environment variable holds: everything but the routes (which it may hold too, for tests). */
export type AuthorizerEnvironment = Omit<AuthorizerConfig, 'routes'> & { readonly routes?: AuthorizerConfig['routes'] };

/** One trusted token issuer. */
export interface IssuerConfig {
  /** The exact `iss` claim, e.g. `https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc`. */
  readonly issuer: string;
  /** Accepted `aud` (or, for Cognito access tokens, `client_id`) values; `null` = not checked. */
  readonly audience: string[] | null;
  /** Where the issuer's keys are published; default `<issuer>/.well-known/jwks.json`. */
  readonly jwksUri?: string;
  /** Required `token_use` claim; `null`/absent = not checked (Cognito still requires id|access). */
  readonly tokenUse: 'id' | 'access' | null;
  /** Cognito semantics: `client_id` for access tokens, `aud` for ID tokens, `token_use` present. */
  readonly cognito: boolean;
}

/** What a route requires beyond a valid token. Each list is "any one of". */
export interface RouteRequirements {
  readonly scopes?: string[];
  readonly groups?: string[];
  readonly claims?: Record<string, string[]>;
}

export interface AuthorizerConfig {
  readonly issuers: IssuerConfig[];
  readonly routes: Record<string, RouteRequirements>;
  readonly jwksTimeoutMs: number;
}

export const DEFAULT_JWKS_TIMEOUT_MS = 3000;

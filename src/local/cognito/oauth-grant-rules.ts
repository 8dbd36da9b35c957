import { createHash, timingSafeEqual } from 'crypto';

/**
 * The local token endpoint's decisions, as Cognito's "Token endpoint" documents its errors:
 * `invalid_client` (unknown client, or a client secret missing or wrong), `unauthorized_client` (a
 * grant type the app client does not allow), `invalid_scope`, `invalid_grant` (an authorization code
 * or refresh token that is unknown, expired, of another client, or a code whose redirect_uri or PKCE
 * code_verifier does not match) and `unsupported_grant_type`; and the "Authorize endpoint"'s checks
 * (an error page for an unregistered redirect_uri, else a redirect with `unsupported_response_type`,
 * `unauthorized_client`, `invalid_scope` or `invalid_request`). Pure functions; the server does the HTTP.
 */

/** What these rules read of an app client (DescribeUserPoolClient's fields). */
export interface GrantClient {
  readonly ClientId: string;
  readonly ClientSecret?: string;
  readonly AllowedOAuthFlows?: string[];
  readonly AllowedOAuthFlowsUserPoolClient?: boolean;
  readonly AllowedOAuthScopes?: string[];
  readonly CallbackURLs?: string[];
}

/** What these rules read of an issued authorization code or refresh token. */
export interface IssuedGrant {
  readonly clientId: string;
  readonly expiresAt: number;
  readonly redirectUri?: string;
  readonly codeChallenge?: string;
}

export type TokenError = 'invalid_client' | 'unauthorized_client' | 'invalid_scope' | 'invalid_grant' | 'unsupported_grant_type';

/** The PKCE S256 code challenge of a code_verifier (RFC 7636 §4.2). */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The client id and secret a token request presents: HTTP Basic auth (`Authorization: Basic
 * base64(client_id:client_secret)`, form-encoded parts) over the form's `client_id`/`client_secret`.
 */
export function presentedClient(authorization: string | undefined, form: URLSearchParams): { clientId: string | null; secret: string | null } {
  const basic = /^Basic\s+(.+)$/i.exec(String(authorization ?? ''));
  if (!basic) return { clientId: form.get('client_id'), secret: form.get('client_secret') };
  const decoded = Buffer.from(basic[1], 'base64').toString('utf-8');
  const colon = decoded.indexOf(':');
  return {
    clientId: decodeURIComponent(decoded.slice(0, colon < 0 ? undefined : colon)),
    secret: colon < 0 ? '' : decodeURIComponent(decoded.slice(colon + 1)),
  };
}

/** `invalid_client` for an unknown client, or a client with a secret and a request without it (or another). */
export function clientAuthenticationError(client: GrantClient | undefined, secret: string | null): TokenError | undefined {
  if (!client) return 'invalid_client';
  if (client.ClientSecret && !(secret && sameSecret(secret, client.ClientSecret))) return 'invalid_client';
  return undefined;
}

/** The OAuth flows an app client allows: none unless `AllowedOAuthFlowsUserPoolClient`. */
export function allowedFlows(client: GrantClient): readonly string[] {
  return client.AllowedOAuthFlowsUserPoolClient ? client.AllowedOAuthFlows ?? [] : [];
}

/**
 * Whether the client may use the grant type: client_credentials needs that flow and a client secret,
 * authorization_code the `code` flow; refresh_token any client; another grant type is unsupported.
 */
export function grantTypeError(grantType: string | null, client: GrantClient): TokenError | undefined {
  const flows = allowedFlows(client);
  switch (grantType) {
    case 'client_credentials':
      return flows.includes('client_credentials') && client.ClientSecret ? undefined : 'unauthorized_client';
    case 'authorization_code':
      return flows.includes('code') ? undefined : 'unauthorized_client';
    case 'refresh_token':
      return undefined;
    default:
      return 'unsupported_grant_type';
  }
}

/**
 * The scopes of a client_credentials grant: those requested (space-separated), else all the client's
 * resource-server scopes (`identifier/scope`; a machine has no user for openid/email/profile).
 * `invalid_scope` when that is none, or one requested is not such a scope of the client.
 */
export function clientCredentialsScopes(client: GrantClient, scope: string | null): { scopes: string[] } | { error: TokenError } {
  const allowed = (client.AllowedOAuthScopes ?? []).filter((s) => s.includes('/'));
  const requested = scope ? scope.split(/\s+/).filter(Boolean) : allowed;
  if (requested.length === 0 || requested.some((s) => !allowed.includes(s))) return { error: 'invalid_scope' };
  return { scopes: requested };
}

/** `invalid_grant` for a code or refresh token that is unknown, of another client, or expired (at `now`, ms). */
export function issuedGrantError(grant: IssuedGrant | undefined, clientId: string, now: number): TokenError | undefined {
  return !grant || grant.clientId !== clientId || grant.expiresAt < now ? 'invalid_grant' : undefined;
}

/**
 * An authorization code's checks: those of {@link issuedGrantError}, then the same redirect_uri as
 * the authorize request, then, when it had a code_challenge, a code_verifier whose S256 matches.
 */
export function codeGrantError(grant: IssuedGrant | undefined, clientId: string, now: number, form: URLSearchParams): TokenError | undefined {
  const error = issuedGrantError(grant, clientId, now);
  if (error) return error;
  if (form.get('redirect_uri') !== grant!.redirectUri) return 'invalid_grant';
  if (grant!.codeChallenge && s256(form.get('code_verifier') ?? '') !== grant!.codeChallenge) return 'invalid_grant';
  return undefined;
}

/**
 * An authorize request's checks, in order: a redirect_uri that is no callback URL of the client gets
 * an error page (never a redirect there); then, redirected with `error`: a response_type other than
 * `code` or `token` (`unsupported_response_type`), a flow the client does not allow
 * (`unauthorized_client`), the implicit grant (`unsupported_response_type`: not emulated), a scope the
 * client does not allow (`invalid_scope`), a code_challenge_method other than S256 (`invalid_request`).
 * Else the scopes granted: those requested, or all the client's.
 */
export function authorizeRequestCheck(client: GrantClient, params: URLSearchParams):
{ scopes: string[] } | { page: [string, string] } | { redirect: string; error: string } {
  const redirectUri = params.get('redirect_uri') ?? '';
  if (!(client.CallbackURLs ?? []).includes(redirectUri)) {
    return { page: ['redirect_mismatch', `redirect_uri ${redirectUri || '(none)'} is not a callback URL of the app client`] };
  }
  const responseType = params.get('response_type');
  if (responseType !== 'code' && responseType !== 'token') return { redirect: redirectUri, error: 'unsupported_response_type' };
  if (!client.AllowedOAuthFlowsUserPoolClient || !(client.AllowedOAuthFlows ?? []).includes(responseType === 'token' ? 'implicit' : 'code')) {
    return { redirect: redirectUri, error: 'unauthorized_client' };
  }
  if (responseType === 'token') return { redirect: redirectUri, error: 'unsupported_response_type' }; // implicit grant: not emulated
  const allowed = client.AllowedOAuthScopes ?? [];
  const requested = params.get('scope') ? params.get('scope')!.split(/\s+/).filter(Boolean) : allowed;
  if (requested.some((scope) => !allowed.includes(scope))) return { redirect: redirectUri, error: 'invalid_scope' };
  if (params.get('code_challenge') && params.get('code_challenge_method') !== 'S256') return { redirect: redirectUri, error: 'invalid_request' };
  return { scopes: requested };
}

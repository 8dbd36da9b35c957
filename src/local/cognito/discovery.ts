/**
 * A pool's OIDC discovery document, as Cognito serves it at `<issuer>/.well-known/openid-configuration`
 * (its fields: `authorization_endpoint`, `id_token_signing_alg_values_supported`, `issuer`, `jwks_uri`,
 * `response_types_supported`, `scopes_supported`, `subject_types_supported`, `token_endpoint`,
 * `token_endpoint_auth_methods_supported`, `userinfo_endpoint`; Cognito adds `end_session_endpoint`
 * and `revocation_endpoint`). `issuer` must be identical to the issuer identifier the document's URL was
 * built from and to the ID tokens' `iss` (RFC 8414 §3.3, OpenID Connect Discovery 1.0 §4.3): strict
 * clients such as openid-client refuse it otherwise. The endpoints are the pool domain's (a pool
 * without a domain has none).
 */
export function discoveryDocument(options: { issuer: string; jwksUri: string; oauthUrl?: string }): Record<string, unknown> {
  const at = (path: string) => options.oauthUrl ? `${options.oauthUrl}${path}` : undefined;
  const document: Record<string, unknown> = {
    authorization_endpoint: at('/oauth2/authorize'),
    end_session_endpoint: at('/logout'),
    id_token_signing_alg_values_supported: ['RS256'],
    issuer: options.issuer,
    jwks_uri: options.jwksUri,
    response_types_supported: ['code', 'token'],
    revocation_endpoint: at('/oauth2/revoke'),
    scopes_supported: ['openid', 'email', 'phone', 'profile'],
    subject_types_supported: ['public'],
    token_endpoint: at('/oauth2/token'),
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    userinfo_endpoint: at('/oauth2/userInfo'),
  };
  return Object.fromEntries(Object.entries(document).filter(([, value]) => value !== undefined));
}

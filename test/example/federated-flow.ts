import { createHash, randomBytes } from 'crypto';

/**
 * "Sign in with <provider>" against the local runner, with plain `fetch` (no browser): the app
 * sends the user to the pool domain's `/oauth2/authorize?identity_provider=<name>`, which redirects
 * to the provider's local stand-in page; the stand-in's form is posted with the user the provider
 * would return (`sub` and the provider's attributes), and the answer is the redirect to the app's
 * callback with a code (or Cognito's `error`/`error_description`); the code and the PKCE verifier
 * are exchanged at `/oauth2/token`. Used by test/local/federation.test.ts (and the demo, later).
 */

export interface FederatedSignInOptions {
  /** The pool's local OAuth 2.0 endpoints (no trailing slash). */
  readonly oauthUrl: string;
  readonly clientId: string;
  /** `ProviderName`, e.g. `Google`. */
  readonly provider: string;
  /** What the provider returns: `sub` (SAML: the NameID) and its attributes (`email`, `name`, …). */
  readonly user: Readonly<Record<string, string>>;
  readonly redirectUri?: string;
  readonly scope?: string;
  /** Route by `idp_identifier` instead of `identity_provider`. */
  readonly idpIdentifier?: string;
}

export interface FederatedSignInResult {
  /** The stand-in page's URL (where /oauth2/authorize redirected). */
  readonly standInUrl: string;
  /** The callback's query: `code` and `state`, or `error` and `error_description`. */
  readonly callback: URLSearchParams;
  readonly state: string;
  /** The token endpoint's answer, when a code came back. */
  readonly tokens?: { readonly id_token?: string; readonly access_token: string; readonly refresh_token: string };
}

export async function federatedSignIn(options: FederatedSignInOptions): Promise<FederatedSignInResult> {
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(8).toString('hex');
  const redirectUri = options.redirectUri ?? 'http://localhost:3000/callback';
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: options.clientId,
    redirect_uri: redirectUri,
    scope: options.scope ?? 'openid email profile',
    state,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    ...(options.idpIdentifier ? { idp_identifier: options.idpIdentifier } : { identity_provider: options.provider }),
  });
  const authorize = await fetch(`${options.oauthUrl}/oauth2/authorize?${params}`, { redirect: 'manual' });
  const location = authorize.headers.get('location');
  if (authorize.status !== 302 || !location) throw new Error(`/oauth2/authorize answered ${authorize.status}: ${await authorize.text()}`);
  const standInUrl = new URL(location, options.oauthUrl);
  const page = await fetch(standInUrl);
  if (page.status !== 200) throw new Error(`the stand-in page answered ${page.status}: ${await page.text()}`);
  await page.text();
  const form = new URLSearchParams(standInUrl.searchParams);
  for (const [name, value] of Object.entries(options.user)) form.set(`attr.${name}`, value);
  const answer = await fetch(new URL(standInUrl.pathname, options.oauthUrl), {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form,
  });
  const back = answer.headers.get('location');
  if (answer.status !== 302 || !back) throw new Error(`the stand-in page's form answered ${answer.status}: ${await answer.text()}`);
  const callback = new URL(back).searchParams;
  const code = callback.get('code');
  if (!code) return { standInUrl: standInUrl.toString(), callback, state };
  const token = await fetch(`${options.oauthUrl}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: options.clientId, code, code_verifier: verifier, redirect_uri: redirectUri }),
  });
  const tokens = await token.json() as any;
  if (token.status !== 200) throw new Error(`/oauth2/token answered ${token.status}: ${JSON.stringify(tokens)}`);
  return { standInUrl: standInUrl.toString(), callback, state, tokens };
}

import { createHash } from 'crypto';
import {
  allowedFlows, authorizeRequestCheck, clientAuthenticationError, clientCredentialsScopes, codeGrantError, GrantClient, grantTypeError,
  IssuedGrant, issuedGrantError, presentedClient, s256,
} from '../../src/local/cognito/oauth-grant-rules';

/**
 * The local token endpoint's grant checks, one row per decision. [T] is Cognito's "Token endpoint"
 * (Amazon Cognito developer guide, "User pool endpoints reference"): its error responses —
 * `invalid_request`, `invalid_client` ("Client authentication failed … when the client includes
 * client_id and client_secret in the authorization header, but there's no such client with that
 * client_id and client_secret"), `invalid_grant` ("Refresh token has been revoked"; "Authorization
 * code has been consumed already or does not exist"; the app client doesn't have read access to all
 * attributes in the scope), `unauthorized_client` ("Client is not allowed for code grant flow or for
 * refreshing tokens"), `unsupported_grant_type` ("Returned if grant_type is anything other than
 * authorization_code or refresh_token or client_credentials") and `invalid_scope`; client
 * authentication by `Authorization: Basic Base64Encode(client_id:client_secret)`; `code_verifier`
 * ("The proof key … required if the authorization request included code_challenge") and
 * `redirect_uri` ("Must be the same redirect_uri that was used to get authorization_code"). [P] is
 * RFC 7636 (PKCE) §4.2/§4.6 (S256). Rows marked [runner] are the runner's reading where the guide is silent.
 */

const basic = (id: string, secret?: string) => `Basic ${Buffer.from(secret === undefined ? id : `${id}:${secret}`).toString('base64')}`;
const form = (fields: Record<string, string>) => new URLSearchParams(fields);

type Presented = { clientId: string | null; secret: string | null };

describe('client authentication: what the request presents', () => {
  const rows: Array<{ rule: string; authorization?: string; form: Record<string, string>; expected: Presented }> = [
    { rule: '[T] client_id and client_secret in the form', form: { client_id: 'app', client_secret: 's3' }, expected: { clientId: 'app', secret: 's3' } },
    { rule: '[T] a public client: client_id only', form: { client_id: 'app' }, expected: { clientId: 'app', secret: null } },
    { rule: '[T] Basic base64(client_id:client_secret)', authorization: basic('app', 's3'), form: {}, expected: { clientId: 'app', secret: 's3' } },
    { rule: '[T] Basic auth wins over the form', authorization: basic('app', 's3'), form: { client_id: 'other', client_secret: 'x' }, expected: { clientId: 'app', secret: 's3' } },
    { rule: '[runner] the scheme is case-insensitive', authorization: `bAsIc ${Buffer.from('app:s3').toString('base64')}`, form: {}, expected: { clientId: 'app', secret: 's3' } },
    { rule: '[runner] "Basic" elsewhere than first is no Basic auth', authorization: `Bearer Basic ${Buffer.from('app:s3').toString('base64')}`, form: { client_id: 'f' }, expected: { clientId: 'f', secret: null } },
    { rule: '[runner] no colon: all of it is the client id, the secret empty', authorization: basic('app'), form: {}, expected: { clientId: 'app', secret: '' } },
    { rule: '[runner] the secret may contain colons (split at the first)', authorization: basic('app', 'a:b'), form: {}, expected: { clientId: 'app', secret: 'a:b' } },
    { rule: '[runner] the parts are form-encoded (RFC 6749 §2.3.1)', authorization: basic('my%20app', 's%3A3'), form: {}, expected: { clientId: 'my app', secret: 's:3' } },
    { rule: '[runner] an empty client id before the colon stays empty', authorization: basic('', 's3'), form: {}, expected: { clientId: '', secret: 's3' } },
    { rule: '[runner] "Basic" with no credentials is no Basic auth', authorization: 'Basic ', form: { client_id: 'f' }, expected: { clientId: 'f', secret: null } },
  ];
  test.each(rows)('$rule', ({ authorization, form: fields, expected }) => {
    expect(presentedClient(authorization, form(fields))).toEqual(expected);
  });
  test('[runner] no Authorization header: the form', () => {
    expect(presentedClient(undefined, form({ client_id: 'f', client_secret: 'g' }))).toEqual({ clientId: 'f', secret: 'g' });
  });
});

describe('client authentication: invalid_client', () => {
  const confidential: GrantClient = { ClientId: 'app', ClientSecret: 'right-secret' };
  const rows: Array<{ rule: string; client?: GrantClient; secret: string | null; expected?: string }> = [
    { rule: '[T] no such client', client: undefined, secret: 'x', expected: 'invalid_client' },
    { rule: '[T] a client with a secret, the right secret', client: confidential, secret: 'right-secret' },
    { rule: '[T] … a wrong secret of the same length', client: confidential, secret: 'wrong-secret', expected: 'invalid_client' },
    { rule: '[T] … a wrong secret of another length', client: confidential, secret: 'right', expected: 'invalid_client' },
    { rule: '[T] … no secret', client: confidential, secret: null, expected: 'invalid_client' },
    { rule: '[T] … an empty secret', client: confidential, secret: '', expected: 'invalid_client' },
    { rule: '[T] a public client (no secret) needs none', client: { ClientId: 'app' }, secret: null },
    { rule: '[runner] a public client: a secret sent is ignored', client: { ClientId: 'app' }, secret: 'anything' },
  ];
  test.each(rows)('$rule', ({ client, secret, expected }) => {
    expect(clientAuthenticationError(client, secret)).toBe(expected);
  });
});

describe('grant types: unauthorized_client, unsupported_grant_type', () => {
  const all: GrantClient = { ClientId: 'm', ClientSecret: 's', AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code', 'client_credentials'] };
  const rows: Array<{ rule: string; grantType: string | null; client: GrantClient; expected?: string }> = [
    { rule: '[T] client_credentials: the flow and a secret', grantType: 'client_credentials', client: all },
    { rule: '[T] client_credentials without the flow', grantType: 'client_credentials', client: { ...all, AllowedOAuthFlows: ['code'] }, expected: 'unauthorized_client' },
    { rule: '[T] client_credentials without a client secret', grantType: 'client_credentials', client: { ...all, ClientSecret: undefined }, expected: 'unauthorized_client' },
    { rule: '[T] OAuth flows off for the client (AllowedOAuthFlowsUserPoolClient false)', grantType: 'client_credentials', client: { ...all, AllowedOAuthFlowsUserPoolClient: false }, expected: 'unauthorized_client' },
    { rule: '[T] authorization_code with the code flow', grantType: 'authorization_code', client: all },
    { rule: '[T] authorization_code without it ("not allowed for code grant flow")', grantType: 'authorization_code', client: { ...all, AllowedOAuthFlows: ['implicit'] }, expected: 'unauthorized_client' },
    { rule: '[T] authorization_code, OAuth flows off', grantType: 'authorization_code', client: { ...all, AllowedOAuthFlowsUserPoolClient: false }, expected: 'unauthorized_client' },
    { rule: '[runner] refresh_token: any client that authenticated', grantType: 'refresh_token', client: { ClientId: 'p' } },
    { rule: '[T] another grant type', grantType: 'password', client: all, expected: 'unsupported_grant_type' },
    { rule: '[T] no grant_type', grantType: null, client: all, expected: 'unsupported_grant_type' },
  ];
  test.each(rows)('$rule', ({ grantType, client, expected }) => {
    expect(grantTypeError(grantType, client)).toBe(expected);
  });
  test('[T] the flows of a client: none while OAuth is off, its list when on, none when on without a list', () => {
    expect(allowedFlows({ ...all, AllowedOAuthFlowsUserPoolClient: false })).toEqual([]);
    expect(allowedFlows(all)).toEqual(['code', 'client_credentials']);
    expect(allowedFlows({ ClientId: 'x', AllowedOAuthFlowsUserPoolClient: true })).toEqual([]);
  });
});

describe('client_credentials scopes: invalid_scope', () => {
  const machine: GrantClient = { ClientId: 'm', AllowedOAuthScopes: ['openid', 'api/read', 'api/write'] };
  const rows: Array<{ rule: string; client: GrantClient; scope: string | null; expected: { scopes: string[] } | { error: string } }> = [
    { rule: '[T] no scope: all the client\'s resource-server scopes', client: machine, scope: null, expected: { scopes: ['api/read', 'api/write'] } },
    { rule: '[T] an empty scope: the same', client: machine, scope: '', expected: { scopes: ['api/read', 'api/write'] } },
    { rule: '[T] the scopes requested, space-separated', client: machine, scope: 'api/write  api/read', expected: { scopes: ['api/write', 'api/read'] } },
    { rule: '[T] a scope the client does not have', client: machine, scope: 'api/read api/admin', expected: { error: 'invalid_scope' } },
    { rule: '[runner] openid is no machine scope (no user)', client: machine, scope: 'openid', expected: { error: 'invalid_scope' } },
    { rule: '[T] a client with no resource-server scope', client: { ClientId: 'm', AllowedOAuthScopes: ['openid'] }, scope: null, expected: { error: 'invalid_scope' } },
    { rule: '[T] a client with no scopes at all', client: { ClientId: 'm' }, scope: null, expected: { error: 'invalid_scope' } },
    { rule: '[runner] whitespace around the scopes is no scope', client: machine, scope: ' api/read\t', expected: { scopes: ['api/read'] } },
    { rule: '[runner] only whitespace requested: nothing requested', client: machine, scope: ' ', expected: { error: 'invalid_scope' } },
  ];
  test.each(rows)('$rule', ({ client, scope, expected }) => {
    expect(clientCredentialsScopes(client, scope)).toEqual(expected);
  });
});

describe('authorization codes and refresh tokens: invalid_grant', () => {
  const now = 1_000_000;
  const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
  const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'; // RFC 7636 Appendix B
  const code: IssuedGrant = { clientId: 'app', expiresAt: now + 1, redirectUri: 'https://app/cb', codeChallenge: challenge };
  const rows: Array<{ rule: string; grant?: IssuedGrant; fields: Record<string, string>; expected?: string }> = [
    { rule: '[T] a valid code, same redirect_uri, the right code_verifier', grant: code, fields: { redirect_uri: 'https://app/cb', code_verifier: verifier } },
    { rule: '[T] a code that does not exist (or was consumed)', grant: undefined, fields: { redirect_uri: 'https://app/cb', code_verifier: verifier }, expected: 'invalid_grant' },
    { rule: '[T] a code of another client', grant: { ...code, clientId: 'other' }, fields: { redirect_uri: 'https://app/cb', code_verifier: verifier }, expected: 'invalid_grant' },
    { rule: '[T] an expired code', grant: { ...code, expiresAt: now - 1 }, fields: { redirect_uri: 'https://app/cb', code_verifier: verifier }, expected: 'invalid_grant' },
    { rule: '[runner] a code that expires this millisecond still counts', grant: { ...code, expiresAt: now }, fields: { redirect_uri: 'https://app/cb', code_verifier: verifier } },
    { rule: '[T] another redirect_uri', grant: code, fields: { redirect_uri: 'https://app/other', code_verifier: verifier }, expected: 'invalid_grant' },
    { rule: '[T] no redirect_uri', grant: code, fields: { code_verifier: verifier }, expected: 'invalid_grant' },
    { rule: '[T][P] a wrong code_verifier', grant: code, fields: { redirect_uri: 'https://app/cb', code_verifier: `${verifier}x` }, expected: 'invalid_grant' },
    { rule: '[T][P] no code_verifier after a code_challenge', grant: code, fields: { redirect_uri: 'https://app/cb' }, expected: 'invalid_grant' },
    { rule: '[runner] a missing code_verifier is read as an empty one', grant: { ...code, codeChallenge: s256('') }, fields: { redirect_uri: 'https://app/cb' } },
    { rule: '[T] no code_challenge: no code_verifier needed', grant: { ...code, codeChallenge: undefined }, fields: { redirect_uri: 'https://app/cb' } },
  ];
  test.each(rows)('$rule', ({ grant, fields, expected }) => {
    expect(codeGrantError(grant, 'app', now, form(fields))).toBe(expected);
  });

  const refresh: IssuedGrant = { clientId: 'app', expiresAt: now + 1 };
  const refreshRows: Array<{ rule: string; grant?: IssuedGrant; expected?: string }> = [
    { rule: '[T] a valid refresh token', grant: refresh },
    { rule: '[T] an unknown (or revoked) refresh token', grant: undefined, expected: 'invalid_grant' },
    { rule: '[T] a refresh token of another client', grant: { ...refresh, clientId: 'other' }, expected: 'invalid_grant' },
    { rule: '[T] an expired refresh token', grant: { ...refresh, expiresAt: now - 1 }, expected: 'invalid_grant' },
    { rule: '[runner] one that expires this millisecond still counts', grant: { ...refresh, expiresAt: now } },
  ];
  test.each(refreshRows)('$rule', ({ grant, expected }) => {
    expect(issuedGrantError(grant, 'app', now)).toBe(expected);
  });

  test('[P] S256 is BASE64URL(SHA256(code_verifier)), RFC 7636 Appendix B', () => {
    expect(s256(verifier)).toBe(challenge);
    expect(s256('abc')).toBe(createHash('sha256').update('abc').digest('base64url'));
  });
});

/**
 * [A] is Cognito's "Authorize endpoint": "redirect_uri … must match a callback URL" (else Cognito shows
 * an error page, "redirect_mismatch", and redirects nowhere), `response_type` "code or token",
 * `unauthorized_client` ("The client isn't allowed for code grant or implicit grant"), `invalid_scope`,
 * `code_challenge_method` "must be S256" (`invalid_request`). The implicit grant is not emulated [runner].
 */
describe('the authorize endpoint: error page or redirect with error', () => {
  const app: GrantClient = {
    ClientId: 'app',
    CallbackURLs: ['https://app/cb'],
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthFlows: ['code', 'implicit'],
    AllowedOAuthScopes: ['openid', 'api/read'],
  };
  const ok = { redirect_uri: 'https://app/cb', response_type: 'code' };
  const redirect = (error: string) => ({ redirect: 'https://app/cb', error });
  const rows: Array<{ rule: string; client?: GrantClient; params: Record<string, string>; expected: object }> = [
    { rule: '[A] a code request: all the client\'s scopes', params: ok, expected: { scopes: ['openid', 'api/read'] } },
    { rule: '[A] the scopes requested', params: { ...ok, scope: ' api/read ' }, expected: { scopes: ['api/read'] } },
    {
      rule: '[A] an unregistered redirect_uri: an error page, no redirect',
      params: { ...ok, redirect_uri: 'https://evil/cb' },
      expected: { page: ['redirect_mismatch', 'redirect_uri https://evil/cb is not a callback URL of the app client'] },
    },
    {
      rule: '[A] no redirect_uri: an error page',
      params: { response_type: 'code' },
      expected: { page: ['redirect_mismatch', 'redirect_uri (none) is not a callback URL of the app client'] },
    },
    {
      rule: '[A] a client without callback URLs: an error page',
      client: { ...app, CallbackURLs: undefined },
      params: ok,
      expected: { page: ['redirect_mismatch', 'redirect_uri https://app/cb is not a callback URL of the app client'] },
    },
    { rule: '[A] another response_type', params: { ...ok, response_type: 'id_token' }, expected: redirect('unsupported_response_type') },
    { rule: '[A] no response_type', params: { redirect_uri: 'https://app/cb' }, expected: redirect('unsupported_response_type') },
    { rule: '[A] code without the code flow', client: { ...app, AllowedOAuthFlows: ['implicit'] }, params: ok, expected: redirect('unauthorized_client') },
    { rule: '[A] OAuth flows off for the client', client: { ...app, AllowedOAuthFlowsUserPoolClient: false }, params: ok, expected: redirect('unauthorized_client') },
    { rule: '[A] a client with no flows listed', client: { ...app, AllowedOAuthFlows: undefined }, params: ok, expected: redirect('unauthorized_client') },
    { rule: '[A] token without the implicit flow', client: { ...app, AllowedOAuthFlows: ['code'] }, params: { ...ok, response_type: 'token' }, expected: redirect('unauthorized_client') },
    { rule: '[runner] token with the implicit flow: not emulated', params: { ...ok, response_type: 'token' }, expected: redirect('unsupported_response_type') },
    { rule: '[A] a scope the client does not allow', params: { ...ok, scope: 'openid api/write' }, expected: redirect('invalid_scope') },
    { rule: '[A] a client with no scopes, none requested', client: { ...app, AllowedOAuthScopes: undefined }, params: ok, expected: { scopes: [] } },
    { rule: '[A] … one requested', client: { ...app, AllowedOAuthScopes: undefined }, params: { ...ok, scope: 'openid' }, expected: redirect('invalid_scope') },
    { rule: '[A] code_challenge with S256', params: { ...ok, code_challenge: 'c', code_challenge_method: 'S256' }, expected: { scopes: ['openid', 'api/read'] } },
    { rule: '[A] code_challenge with plain', params: { ...ok, code_challenge: 'c', code_challenge_method: 'plain' }, expected: redirect('invalid_request') },
    { rule: '[A] code_challenge without a method', params: { ...ok, code_challenge: 'c' }, expected: redirect('invalid_request') },
    { rule: '[A] a method without a code_challenge is no PKCE', params: { ...ok, code_challenge_method: 'plain' }, expected: { scopes: ['openid', 'api/read'] } },
  ];
  test.each(rows)('$rule', ({ client, params, expected }) => {
    expect(authorizeRequestCheck(client ?? app, form(params))).toEqual(expected);
  });
});

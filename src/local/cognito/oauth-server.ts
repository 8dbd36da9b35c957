import { randomBytes, randomUUID } from 'crypto';
import * as http from 'http';
import { decodeJwt } from 'jose';
import { LoopbackServer, readBody } from '../loopback-server';
import { CognitoClient, CognitoError } from './client';
import { discoveryDocument } from './discovery';
import { federatedTokenUser, findFederatedUser, ProviderUser, signInFederated } from './federated-users';
import { chooseProvider, LocalIdentityProvider, UNKNOWN_PROVIDER } from './identity-providers';
import { standInAttributes, standInField, standInPage } from './idp-stand-in-page';
import { managedLoginOffer, usernameLabel } from './managed-login';
import { ACCOUNT_PATHS, ManagedLoginAccounts } from './managed-login-accounts';
import { CODE_FACTORS, codeSignIn } from './managed-login-codes';
import { authorizeRequestCheck, clientAuthenticationError, clientCredentialsScopes, codeGrantError, GrantClient, grantTypeError, issuedGrantError, presentedClient } from './oauth-grant-rules';
import { errorPage, signInPage } from './sign-in-page';
import { tokenLifetimes, TokenValidities } from './token-validity';
import { CognitoTokenSigner, TokenOverrides, TokenUser } from './tokens';
import { LocalTrigger, runClientCredentialsTokenGeneration, runPreTokenGeneration, runTrigger, TriggerFailed } from './triggers';
import { loadUser } from './users';

/**
 * One user pool domain's OAuth 2.0 endpoints on 127.0.0.1, as Cognito answers them ("User pool
 * endpoints reference": authorize, token, revoke, userInfo, logout; the issuer's
 * `/.well-known/openid-configuration`). The app clients' settings are the emulator's (moto keeps the
 * template's): allowed flows and scopes, callback and logout URLs, secret, token validities. Users and
 * passwords are checked by the emulator; the tokens are issued here, with the pool's
 * pre-token-generation trigger run on the runner's Lambda workers.
 */

export interface OAuthServerOptions {
  readonly userPoolId: string;
  readonly region: string;
  /** The `iss` of the tokens issued here (the runner's issuer mode decides it). */
  readonly issuer: string;
  /** Where the pool's keys are served (a local URL, reachable by the clients that read the discovery document). */
  readonly jwksUri: string;
  readonly cognito: CognitoClient;
  /** The runner's Cognito front: managed login's sign-up, confirmation and forgot-password pages call it, as an app would. */
  readonly front: CognitoClient;
  /** The template's `SignInPolicy.AllowedFirstAuthFactors` (moto keeps none). */
  readonly firstFactors: readonly string[];
  readonly signer: CognitoTokenSigner;
  readonly triggers?: Readonly<Record<string, LocalTrigger>>;
  /** The pool's federated providers (the template's `UserPoolIdentityProvider`s), signed in through local stand-in pages. */
  readonly identityProviders?: readonly LocalIdentityProvider[];
  readonly log?: (line: string) => void;
  readonly port?: number;
}

/** DescribeUserPoolClient's fields the server reads: the grant rules' and the rest. */
interface Client extends GrantClient, TokenValidities {
  readonly LogoutURLs?: string[];
  readonly SupportedIdentityProviders?: string[];
}

interface Grant {
  readonly clientId: string;
  readonly username: string;
  readonly scopes: readonly string[];
  readonly authTime: number;
  readonly originJti: string;
  readonly expiresAt: number;
}

interface CodeGrant extends Grant {
  readonly redirectUri: string;
  readonly codeChallenge?: string;
  readonly nonce?: string;
}

type AuthorizeCheck = { client: Client; scopes: string[] } | { page: [string, string] } | { redirect: string; error: string };

class OAuthError extends Error {
  constructor(readonly error: string, readonly status = 400, description?: string) {
    super(description ?? error);
  }
}

/** The authorize request's parameters the sign-in page and the stand-in pages carry along. */
const KEPT_PARAMS = ['response_type', 'client_id', 'redirect_uri', 'state', 'scope', 'code_challenge', 'code_challenge_method', 'nonce'];

/** A provider's stand-in page: `/local/idp/<ProviderName>`. */
const STAND_IN_PATH = /^\/local\/idp\/([^/]+)$/;

const standInPath = (provider: string): string => `/local/idp/${encodeURIComponent(provider)}`;

const readForm = async (request: http.IncomingMessage): Promise<URLSearchParams> => new URLSearchParams((await readBody(request))!.toString('utf-8'));

export class LocalOAuthServer extends LoopbackServer {
  private readonly codes = new Map<string, CodeGrant>();
  private readonly refreshTokens = new Map<string, Grant>();
  private readonly revoked = new Set<string>();
  private readonly accounts: ManagedLoginAccounts;

  constructor(private readonly options: OAuthServerOptions) {
    super('the OAuth server');
    this.accounts = new ManagedLoginAccounts(options.front, options.userPoolId, options.firstFactors);
  }

  /** On the options' port (kept across --watch reloads); e.g. `http://127.0.0.1:43121`, no trailing slash, like a Cognito domain. */
  override start(port = this.options.port ?? 0): Promise<string> {
    return super.start(port);
  }

  protected serve(request: http.IncomingMessage, response: http.ServerResponse): void {
    this.handle(request, response).catch((error) => {
      if (error instanceof OAuthError) {
        const description = error.message !== error.error ? { error_description: error.message } : {};
        return this.json(response, error.status, { error: error.error, ...description });
      }
      this.options.log?.(`local OAuth server error: ${error?.stack ?? error}`);
      if (!response.headersSent) this.json(response, 500, { error: 'server_error' });
    });
  }

  /** The pool's OIDC discovery document ({@link discoveryDocument}), with this domain's endpoints. */
  discovery(): Record<string, unknown> {
    return discoveryDocument({ issuer: this.options.issuer, jwksUri: this.options.jwksUri, oauthUrl: this.url });
  }

  private json(response: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    response.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', 'cache-control': 'no-store', ...headers }).end(text);
  }

  private html(response: http.ServerResponse, status: number, page: string): void {
    response.writeHead(status, { 'content-type': 'text/html;charset=UTF-8' }).end(page);
  }

  private redirect(response: http.ServerResponse, target: string, params: Record<string, string | undefined>): void {
    const url = new URL(target);
    for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, value);
    response.writeHead(302, { location: url.toString() }).end();
  }

  private async client(clientId: string | null | undefined): Promise<Client | undefined> {
    if (!clientId) return undefined;
    try {
      const { UserPoolClient } = await this.options.cognito.call('DescribeUserPoolClient', { UserPoolId: this.options.userPoolId, ClientId: clientId });
      return UserPoolClient;
    } catch (error) {
      if (error instanceof CognitoError) return undefined;
      throw error;
    }
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url);
    const route = `${request.method} ${url.pathname}`;
    // The token, revoke and userInfo endpoints answer browsers of any origin (single-page apps call them).
    const origin = request.headers.origin;
    if (origin && /^\/oauth2\/(token|revoke|userInfo)$/.test(url.pathname)) {
      response.setHeader('access-control-allow-origin', origin);
      if (request.method === 'OPTIONS') {
        response.writeHead(204, { 'access-control-allow-methods': 'GET,POST', 'access-control-allow-headers': 'authorization,content-type', 'access-control-max-age': '600' });
        return void response.end();
      }
    }
    const standIn = STAND_IN_PATH.exec(url.pathname);
    if (standIn && request.method === 'GET') return this.standIn(decodeURIComponent(standIn[1]), url.searchParams, response);
    if (standIn && request.method === 'POST') return this.federatedSignIn(decodeURIComponent(standIn[1]), await readForm(request), response);
    if (ACCOUNT_PATHS.includes(url.pathname) && (request.method === 'GET' || request.method === 'POST')) {
      return this.account(request.method, url.pathname, request.method === 'GET' ? url.searchParams : await readForm(request), response);
    }
    switch (route) {
      case 'GET /.well-known/openid-configuration': return this.json(response, 200, this.discovery());
      case 'GET /oauth2/authorize':
      case 'GET /login': return this.authorize(url.searchParams, response);
      case 'POST /login':
      case 'POST /oauth2/authorize': return this.signIn(await readForm(request), response);
      case 'POST /oauth2/token': return this.token(request, await readForm(request), response);
      case 'POST /oauth2/revoke': return this.revoke(request, await readForm(request), response);
      case 'GET /oauth2/userInfo':
      case 'POST /oauth2/userInfo': return this.userInfo(request, response);
      case 'GET /logout': return this.logout(url.searchParams, response);
      default: return this.json(response, 404, { error: 'not_found', error_description: `${route} is not a Cognito endpoint` });
    }
  }

  /** Checks an authorize request; the error to show (never redirecting to an unregistered URI), or what to redirect with. */
  private async checkAuthorize(params: URLSearchParams): Promise<AuthorizeCheck> {
    const client = await this.client(params.get('client_id'));
    if (!client) return { page: ['invalid_request', 'unknown client_id'] };
    const checked = authorizeRequestCheck(client, params);
    return 'scopes' in checked ? { client, scopes: checked.scopes } : checked;
  }

  private async authorize(params: URLSearchParams, response: http.ServerResponse, error?: string): Promise<void> {
    const checked = await this.checkAuthorize(params);
    if ('page' in checked) return this.html(response, 400, errorPage(...checked.page));
    if ('redirect' in checked) return this.redirect(response, checked.redirect, { error: checked.error, state: params.get('state') ?? undefined });
    const supported = checked.client.SupportedIdentityProviders ?? [];
    const hidden = keptParams(params);
    const choice = error ? { page: true } as const : chooseProvider(this.providers, supported, params);
    if ('provider' in choice) return this.found(response, this.standInUrl(choice.provider, hidden));
    if ('unsupported' in choice) {
      return this.html(response, 400, errorPage('invalid_request', `${choice.unsupported} is not a supported identity provider of the app client`));
    }
    const pool = await this.accounts.pool();
    const offer = managedLoginOffer(pool, supported, this.providers);
    const federated = params.get('identity_provider') === 'COGNITO' ? []
      : offer.federated.map((provider) => ({ name: provider.name, url: this.standInUrl(provider, hidden) }));
    const shown = 'unknown' in choice ? UNKNOWN_PROVIDER : error;
    this.html(response, shown ? (error ? 401 : 400) : 200, signInPage({
      action: '/login', params: hidden, offer, usernameLabel: usernameLabel(pool.usernameAttributes), federated, error: shown, poolId: this.options.userPoolId,
    }));
  }

  /** Managed login's sign-up, confirmation and forgot-password pages (managed-login-accounts.ts), for a valid authorize request. */
  private async account(method: string, path: string, params: URLSearchParams, response: http.ServerResponse): Promise<void> {
    const checked = await this.checkAuthorize(params);
    if (!('client' in checked)) return this.authorize(params, response);
    if (this.refusedWithoutDirectory(checked.client, response)) return;
    const answer = await this.accounts.handle(method, path, params, keptParams(params), checked.client);
    if ('location' in answer) return this.found(response, answer.location);
    this.html(response, answer.status, answer.html);
  }

  /** The pool's own directory (password, one-time codes, sign-up, forgot password) is for clients that list `COGNITO` only: else an error page. */
  private refusedWithoutDirectory(client: Client, response: http.ServerResponse): boolean {
    if ((client.SupportedIdentityProviders ?? []).includes('COGNITO')) return false;
    this.html(response, 400, errorPage('invalid_request', 'COGNITO is not a supported identity provider of the app client'));
    return true;
  }

  private get providers(): readonly LocalIdentityProvider[] {
    return this.options.identityProviders ?? [];
  }

  private standInUrl(provider: LocalIdentityProvider, params: Record<string, string>): string {
    return `${standInPath(provider.name)}?${new URLSearchParams(params)}`;
  }

  private found(response: http.ServerResponse, location: string): void {
    response.writeHead(302, { location }).end();
  }

  /**
   * The authorize request's provider, if the app client lists it: what the stand-in page and its
   * form answer; an error page otherwise.
   */
  private async standInRequest(name: string, params: URLSearchParams, response: http.ServerResponse) {
    const checked = await this.checkAuthorize(params);
    if (!('client' in checked)) return void await this.authorize(params, response);
    const choice = chooseProvider(this.providers, checked.client.SupportedIdentityProviders ?? [], new URLSearchParams({ identity_provider: name }));
    if ('provider' in choice) return { ...checked, provider: choice.provider };
    const description = 'unsupported' in choice ? `${name} is not a supported identity provider of the app client` : UNKNOWN_PROVIDER;
    return void this.html(response, 400, errorPage('invalid_request', description));
  }

  /** `GET /local/idp/<ProviderName>`: the provider's stand-in page, where Cognito would redirect to the provider. */
  private async standIn(name: string, params: URLSearchParams, response: http.ServerResponse): Promise<void> {
    const request = await this.standInRequest(name, params, response);
    if (!request) return;
    this.html(response, 200, standInPage({ provider: request.provider, action: standInPath(name), params: keptParams(params) }));
  }

  /**
   * `POST /local/idp/<ProviderName>`: the provider's answer. The profile is made or updated
   * (federated-users.ts), then the code flow goes on as after a password sign-in. A failing trigger
   * sends the user back to the app as Cognito does: `error=invalid_request`,
   * `error_description=PreSignUp failed with error <message>. ` (aws-amplify/amplify-js #14063, #3778).
   */
  private async federatedSignIn(name: string, form: URLSearchParams, response: http.ServerResponse): Promise<void> {
    const request = await this.standInRequest(name, form, response);
    if (!request) return;
    const user: ProviderUser = Object.fromEntries(standInAttributes(request.provider)
      .map((attribute) => [attribute, (form.get(standInField(attribute)) ?? '').trim()]));
    let username: string;
    try {
      username = await signInFederated({
        cognito: this.options.cognito,
        userPoolId: this.options.userPoolId,
        provider: request.provider,
        user,
        triggers: this.options.triggers,
        region: this.options.region,
        clientId: request.client.ClientId,
      });
    } catch (error) {
      if (error instanceof TriggerFailed) {
        return this.redirect(response, form.get('redirect_uri')!, { error_description: `${error.message} `, state: form.get('state') ?? undefined, error: 'invalid_request' });
      }
      if (error instanceof CognitoError) {
        const page = standInPage({ provider: request.provider, action: standInPath(name), params: keptParams(form), error: error.detail });
        return this.html(response, 400, page);
      }
      throw error;
    }
    this.issueCode(response, form, request.client, request.scopes, username);
  }

  private async signIn(form: URLSearchParams, response: http.ServerResponse): Promise<void> {
    const checked = await this.checkAuthorize(form);
    if (!('client' in checked)) return this.authorize(form, response);
    if (this.refusedWithoutDirectory(checked.client, response)) return;
    if (CODE_FACTORS.includes(form.get('factor') ?? '')) return this.codeSignIn(form, checked.client, checked.scopes, response);
    const username = form.get('username') ?? '';
    let user: TokenUser;
    try {
      await this.authenticationTrigger('PreAuthentication', checked.client, await this.user(username));
      const answer = await this.options.cognito.call('AdminInitiateAuth', {
        UserPoolId: this.options.userPoolId,
        ClientId: checked.client.ClientId,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: username, PASSWORD: form.get('password') ?? '' },
      });
      if (answer.ChallengeName) {
        return await this.authorize(form, response, `The ${answer.ChallengeName} challenge is not emulated on the local sign-in page.`);
      }
      const idToken = answer.AuthenticationResult?.IdToken;
      user = await this.user(String((idToken ? decodeJwt(idToken)['cognito:username'] : undefined) ?? username));
    } catch (error) {
      if (error instanceof CognitoError) return this.authorize(form, response, 'Incorrect username or password.');
      if (error instanceof OAuthError) return this.authorize(form, response, error.message);
      throw error;
    }
    try {
      await this.authenticationTrigger('PostAuthentication', checked.client, user);
    } catch (error) {
      if (error instanceof OAuthError) return this.authorize(form, response, error.message);
      throw error;
    }
    this.issueCode(response, form, checked.client, checked.scopes, user.username);
  }

  /** A one-time-code sign-in step (managed-login-codes.ts): the code page, the sign-in page with an error, or the authorization code. */
  private async codeSignIn(form: URLSearchParams, client: Client, scopes: string[], response: http.ServerResponse): Promise<void> {
    const answer = await codeSignIn(this.options.front, this.options.userPoolId, client, form, keptParams(form));
    if ('error' in answer) return this.authorize(form, response, answer.error);
    if ('html' in answer) return this.html(response, answer.status, answer.html);
    this.issueCode(response, form, client, scopes, answer.username);
  }

  /** The authorization code of a signed-in user, sent to the app's callback with the request's `state`. */
  private issueCode(response: http.ServerResponse, form: URLSearchParams, client: Client, scopes: string[], username: string): void {
    const code = randomUUID();
    this.codes.set(code, {
      clientId: client.ClientId,
      username,
      scopes,
      authTime: Math.floor(Date.now() / 1000),
      originJti: randomUUID(),
      expiresAt: Date.now() + 5 * 60_000,
      redirectUri: form.get('redirect_uri')!,
      codeChallenge: form.get('code_challenge') ?? undefined,
      nonce: form.get('nonce') ?? undefined,
    });
    this.redirect(response, form.get('redirect_uri')!, { code, state: form.get('state') ?? undefined });
  }

  /**
   * A user by the emulator's username, or by a federated profile's Cognito username
   * (`<ProviderName>_<subject>`, which moto does not know in a pool of email usernames).
   */
  private async user(username: string): Promise<TokenUser> {
    const { cognito, userPoolId } = this.options;
    try {
      return federatedTokenUser(await loadUser(cognito, userPoolId, username));
    } catch (error) {
      const provider = this.providers.find((candidate) => username.startsWith(`${candidate.name}_`));
      if (!(error instanceof CognitoError && error.code === 'UserNotFoundException' && provider)) throw error;
      const found = await findFederatedUser(cognito, userPoolId, provider.name, username.slice(provider.name.length + 1));
      if (!found) throw error;
      return federatedTokenUser(await loadUser(cognito, userPoolId, found));
    }
  }

  /** The client the request authenticates as: Basic auth or `client_id` (+ `client_secret`) in the form. */
  private async authenticate(request: http.IncomingMessage, form: URLSearchParams): Promise<Client> {
    const { clientId, secret } = presentedClient(request.headers.authorization, form);
    const client = await this.client(clientId);
    const error = clientAuthenticationError(client, secret);
    if (error) throw new OAuthError(error);
    return client!;
  }

  private async token(request: http.IncomingMessage, form: URLSearchParams, response: http.ServerResponse): Promise<void> {
    const client = await this.authenticate(request, form);
    const grantType = form.get('grant_type');
    const grantError = grantTypeError(grantType, client);
    if (grantError) throw new OAuthError(grantError);
    const { access: accessTtl, id: idTtl, refresh: refreshTtl } = tokenLifetimes(client);
    switch (grantType) {
      case 'client_credentials': {
        const scoped = clientCredentialsScopes(client, form.get('scope'));
        if ('error' in scoped) throw new OAuthError(scoped.error);
        const requested = scoped.scopes;
        const overrides = await this.asOAuthError(runClientCredentialsTokenGeneration(this.options.triggers?.PreTokenGeneration, {
          region: this.options.region,
          userPoolId: this.options.userPoolId,
          clientId: client.ClientId,
          scopes: requested,
          clientMetadata: clientMetadata(form),
        }));
        const accessToken = await this.options.signer.machineToken({
          issuer: this.options.issuer, clientId: client.ClientId, scopes: requested, ttlSeconds: accessTtl, overrides,
        });
        return this.json(response, 200, { access_token: accessToken, expires_in: accessTtl, token_type: 'Bearer' });
      }
      case 'authorization_code': {
        const code = form.get('code') ?? '';
        const grant = this.codes.get(code);
        this.codes.delete(code); // one use, whatever happens next
        const codeError = codeGrantError(grant, client.ClientId, Date.now(), form);
        if (codeError || !grant) throw new OAuthError(codeError ?? 'invalid_grant');
        const tokens = await this.issue(client, grant, 'TokenGeneration_HostedAuth', accessTtl, idTtl, grant.nonce);
        const refreshToken = randomBytes(48).toString('base64url');
        this.refreshTokens.set(refreshToken, { ...grant, expiresAt: Date.now() + refreshTtl * 1000 });
        return this.json(response, 200, {
          ...(tokens.idToken ? { id_token: tokens.idToken } : {}),
          access_token: tokens.accessToken,
          refresh_token: refreshToken,
          expires_in: accessTtl,
          token_type: 'Bearer',
        });
      }
      case 'refresh_token': {
        const grant = this.refreshTokens.get(form.get('refresh_token') ?? '');
        const refreshError = issuedGrantError(grant, client.ClientId, Date.now());
        if (refreshError || !grant) throw new OAuthError(refreshError ?? 'invalid_grant');
        const tokens = await this.issue(client, grant, 'TokenGeneration_RefreshTokens', accessTtl, idTtl);
        return this.json(response, 200, {
          ...(tokens.idToken ? { id_token: tokens.idToken } : {}), access_token: tokens.accessToken, expires_in: accessTtl, token_type: 'Bearer',
        });
      }
      default:
        throw new OAuthError('unsupported_grant_type');
    }
  }

  /** A user's tokens, after the pool's pre-token-generation trigger (a failing trigger fails the request). */
  private async issue(client: Client, grant: Grant, triggerSource: string, accessTtl: number, idTtl: number, nonce?: string) {
    const user = await this.user(grant.username);
    const overrides = await this.preTokenGeneration(client, user, grant.scopes, triggerSource);
    return this.options.signer.userTokens({
      issuer: this.options.issuer,
      clientId: client.ClientId,
      user,
      scopes: grant.scopes,
      authTime: grant.authTime,
      originJti: grant.originJti,
      accessTtlSeconds: accessTtl,
      idTtlSeconds: idTtl,
      nonce,
      overrides,
    });
  }

  /** Pre and post authentication triggers: an error fails the sign-in ("<Trigger> failed with error <message>."). */
  private async authenticationTrigger(name: 'PreAuthentication' | 'PostAuthentication', client: Client, user: TokenUser): Promise<void> {
    await this.asOAuthError(runTrigger(this.options.triggers?.[name], name, `${name}_Authentication`, this.call(client, user), {
      userAttributes: user.attributes, ...(name === 'PreAuthentication' ? { validationData: {} } : { newDeviceUsed: false }),
    }));
  }

  private preTokenGeneration(
    client: Client, user: TokenUser, scopes: readonly string[], triggerSource: string,
  ): Promise<TokenOverrides | undefined> {
    const trigger = this.options.triggers?.PreTokenGeneration;
    return this.asOAuthError(runPreTokenGeneration(trigger, { ...this.call(client, user), user, scopes, triggerSource }));
  }

  private call(client: Client, user: TokenUser) {
    return { region: this.options.region, userPoolId: this.options.userPoolId, clientId: client.ClientId, userName: user.username };
  }

  /** A failing trigger fails the request with `invalid_request` and Cognito's message. */
  private async asOAuthError<T>(running: Promise<T>): Promise<T> {
    try {
      return await running;
    } catch (error) {
      if (error instanceof TriggerFailed) throw new OAuthError('invalid_request', 400, error.message);
      throw error;
    }
  }

  private async revoke(request: http.IncomingMessage, form: URLSearchParams, response: http.ServerResponse): Promise<void> {
    const client = await this.authenticate(request, form);
    const token = form.get('token') ?? '';
    const grant = this.refreshTokens.get(token);
    if (grant && grant.clientId !== client.ClientId) throw new OAuthError('unauthorized_client');
    if (grant) {
      this.refreshTokens.delete(token);
      this.revoked.add(grant.originJti);
    }
    response.writeHead(200).end();
  }

  private async userInfo(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const bearer = /^Bearer\s+(.+)$/i.exec(String(request.headers.authorization ?? ''))?.[1];
    const deny = () => this.json(response, 401, { error: 'invalid_token', error_description: 'Access token is missing, invalid or revoked' },
      { 'www-authenticate': 'Bearer error="invalid_token"' });
    if (!bearer) return deny();
    let claims: Record<string, unknown>;
    try {
      claims = await this.options.signer.verify(bearer, this.options.issuer);
    } catch {
      return deny();
    }
    if (claims.token_use !== 'access' || this.revoked.has(String(claims.origin_jti)) || !String(claims.scope ?? '').split(' ').includes('openid')) return deny();
    const user = await this.user(String(claims.username));
    this.json(response, 200, { ...user.attributes, username: user.username });
  }

  private async logout(params: URLSearchParams, response: http.ServerResponse): Promise<void> {
    const client = await this.client(params.get('client_id'));
    if (!client) return this.html(response, 400, errorPage('invalid_request', 'unknown client_id'));
    const logoutUri = params.get('logout_uri');
    if (logoutUri) {
      if (!(client.LogoutURLs ?? []).includes(logoutUri)) return this.html(response, 400, errorPage('redirect_mismatch', `logout_uri ${logoutUri} is not a sign-out URL of the app client`));
      return this.redirect(response, logoutUri, {});
    }
    // redirect_uri + response_type: back to the sign-in page, as Cognito does.
    const again = new URL(`${this.url}/login`);
    params.forEach((value, name) => again.searchParams.set(name, value));
    response.writeHead(302, { location: again.toString() }).end();
  }
}

function keptParams(params: URLSearchParams): Record<string, string> {
  return Object.fromEntries(KEPT_PARAMS.filter((name) => params.has(name)).map((name) => [name, params.get(name)!]));
}

/**
 * The token request's `aws_client_metadata` (URL-encoded JSON, for the V3 pre-token-generation
 * trigger of a client-credentials grant: "The token endpoint"); malformed JSON is an `invalid_request`.
 */
function clientMetadata(form: URLSearchParams): Record<string, string> | undefined {
  const value = form.get('aws_client_metadata');
  if (value === null) return undefined;
  try {
    const parsed = JSON.parse(value);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed;
  } catch {
    // refused below
  }
  throw new OAuthError('invalid_request', 400, 'aws_client_metadata is not a JSON object');
}

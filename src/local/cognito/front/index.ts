import * as http from 'http';
import { LoopbackServer, readBody } from '../../loopback-server';
import { CognitoError } from '../client';
import { CognitoTokenSigner } from '../tokens';
import { TriggerFailed } from '../triggers';
import { ACCESS_TOKEN_OPERATIONS, clientOfAccessToken } from './access-token';
import { ATTRIBUTE_VERIFICATION_OPERATIONS } from './attribute-verification';
import { failed, FrontCall, FrontPool, FrontServices, MotoAnswer, Operation, passOn, Reply } from './call';
import { authFlowError, INCORRECT_CREDENTIALS, secretHashError, secretHashOf, SIGN_IN_ACTIONS } from './client-rules';
import { CONFIRMATION_OPERATIONS } from './confirmation';
import { POOL_CHANGES } from './descriptions';
import { FORGOT_PASSWORD_OPERATIONS } from './forgot-password';
import { INVITATION_OPERATIONS } from './invitation';
import { IssuedSignIn } from './issued-tokens';
import { MESSAGES_PATH } from './message-box';
import { notEmulated, unimplemented } from './not-emulated';
import { PASSKEY_OPERATIONS } from './passkeys';
import { PASSWORD_OPERATIONS } from './passwords';
import { PoolRegistry } from './pool-registry';
import { POOL_SETTINGS_OPERATIONS } from './pool-settings';
import { REVOCATION_OPERATIONS } from './revocation';
import { SIGN_IN_OPERATIONS } from './sign-in';
import { SIGN_UP_OPERATIONS } from './sign-up';
import { FrontState } from './state';
import { wellKnown } from './well-known';

export type { FrontPool } from './call';
export { FrontState } from './state';
export { MESSAGES_PATH } from './message-box';

/**
 * The Cognito endpoint of the endpoints file: a front of the emulator (moto). Every operation is
 * passed on to moto as it is, so the AWS CLI and the SDKs pointed at it with `--endpoint-url` work;
 * the operations of {@link OPERATIONS} run here, around moto or instead of it, as Cognito runs them
 * (one file per concern: sign-up, sign-in, …). Before any operation on a pool, the front enforces
 * the app client's rules (client-rules.ts) and checks an access token it issued (revoked →
 * `NotAuthorizedException` "Access Token has been revoked", expired → "Access Token has expired"),
 * handing moto moto's own token for the same sign-in. Pools and app clients created through the API
 * get the same rules as the template's (pool-registry.ts). A failing trigger answers
 * `UserLambdaValidationException` "<Trigger> failed with error <message>."; a {@link CognitoError}
 * thrown by an operation answers its code and message, as Cognito's errors read. `GET /local/messages`
 * (`?pool=&username=&kind=`) answers the messages sent (codes, invitations: message-box.ts).
 */

const OPERATIONS: Readonly<Record<string, Operation>> = {
  ...SIGN_UP_OPERATIONS,
  ...SIGN_IN_OPERATIONS,
  ...REVOCATION_OPERATIONS,
  ...PASSWORD_OPERATIONS,
  ...CONFIRMATION_OPERATIONS,
  ...FORGOT_PASSWORD_OPERATIONS,
  ...ATTRIBUTE_VERIFICATION_OPERATIONS,
  ...INVITATION_OPERATIONS,
  ...ACCESS_TOKEN_OPERATIONS,
  ...PASSKEY_OPERATIONS,
  ...POOL_SETTINGS_OPERATIONS,
};

/** What the front does not run itself: moto answers, after the client's rules and the access token are checked. */
const passThrough: Operation = async (call) => passOn(await call.forward());

export class CognitoFront extends LoopbackServer {
  private readonly services: FrontServices;
  private readonly pools: PoolRegistry;

  constructor(
    motoEndpoint: string,
    signer: CognitoTokenSigner,
    log: (line: string) => void = () => {},
    state: FrontState = new FrontState(),
    /** The runner's issuer mode: a pool created at runtime gets the issuer a template's gets. */
    issuerMode: 'aws' | 'local' = 'aws',
  ) {
    super('the Cognito front');
    this.services = { motoEndpoint, signer, state, log };
    this.pools = new PoolRegistry(this.services, (userPoolId, region) =>
      issuerMode === 'local' ? `${this.url}/${userPoolId}` : `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`);
  }

  /** A template's pool, once provisioned: the front enforces its rules. */
  registerPool(pool: FrontPool): void {
    this.pools.registerTemplatePool(pool);
  }

  protected serve(request: http.IncomingMessage, response: http.ServerResponse): void {
    // Cognito's endpoint answers browsers' pages (CORS), and their preflights.
    response.setHeader('access-control-allow-origin', request.headers.origin ?? '*');
    if (request.method === 'OPTIONS') {
      return void response.writeHead(204, {
        'access-control-allow-methods': 'POST, GET, OPTIONS',
        'access-control-allow-headers': String(request.headers['access-control-request-headers'] ?? 'content-type, x-amz-target, x-amz-user-agent'),
        'access-control-max-age': '600',
      }).end();
    }
    readBody(request).then((raw) => this.handle(request, raw!, response)).catch((error) => {
      if (error instanceof TriggerFailed) return this.answer(response, { status: 400, json: { __type: 'UserLambdaValidationException', message: error.message } });
      if (error instanceof CognitoError) return this.answer(response, failed(error));
      if (request.destroyed) return;
      this.services.log(`local Cognito front error: ${error?.stack ?? error}`);
      if (!response.headersSent) this.answer(response, { status: 500, json: { __type: 'InternalErrorException', message: String(error?.message ?? error) } });
    });
  }

  private answer(response: http.ServerResponse, reply: Reply, action = ''): void {
    if ('moto' in reply) return this.passOn(response, reply.moto, action);
    response.writeHead(reply.status, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(reply.json));
  }

  private passOn(response: http.ServerResponse, answer: MotoAnswer, action: string): void {
    const gap = unimplemented(action, answer);
    if (gap) return this.answer(response, failed(gap));
    const headers: Record<string, string> = {};
    answer.headers.forEach((value, name) => {
      if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(name)) headers[name] = value;
    });
    response.writeHead(answer.status, headers).end(answer.text);
  }

  /** Passes a request on to moto as it came (for what the front does not run). */
  private async forward(request: http.IncomingMessage, body: Buffer): Promise<MotoAnswer> {
    const headers = Object.fromEntries(Object.entries(request.headers)
      .filter(([name]) => !['host', 'content-length', 'connection', 'transfer-encoding'].includes(name))
      .map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : String(value)]));
    const answer = await fetch(`${this.services.motoEndpoint}${request.url ?? '/'}`, {
      method: request.method,
      headers,
      body: request.method === 'GET' || request.method === 'HEAD' ? undefined : body,
    });
    return { status: answer.status, headers: answer.headers, text: await answer.text() };
  }

  /** The pool a call is about: by its sign-in, its `UserPoolId`, its `Domain`, its `ClientId` or its access token's (pool-registry.ts). */
  private async poolOf(request: http.IncomingMessage, body: Record<string, any>, signIn: IssuedSignIn | undefined): Promise<FrontPool | undefined> {
    const poolId = signIn?.userPoolId ?? body.UserPoolId;
    if (typeof poolId === 'string') return this.pools.byId(poolId);
    const byDomain = typeof body.Domain === 'string' ? this.pools.byDomain(body.Domain) : undefined;
    if (byDomain) return byDomain;
    // A token the front's sign-ins did not issue (the pool domain's code flow) names its client.
    const clientId = body.ClientId ?? clientOfAccessToken(body.AccessToken);
    if (typeof clientId !== 'string') return undefined;
    // The region a signed call names (an unsigned one, a browser's SDK's, names none).
    const region = /Credential=[^/]*\/[^/]*\/([^/]+)\//.exec(String(request.headers.authorization ?? ''))?.[1];
    return this.pools.byClient(clientId, region);
  }

  /** The sign-in of an access token the front issued (undefined for any other token); refused when revoked or expired. */
  private checkAccessToken(accessToken: unknown): IssuedSignIn & { readonly motoAccessToken: string } | undefined {
    if (typeof accessToken !== 'string') return undefined;
    const issued = this.services.state.tokens.accessToken(accessToken);
    if (!issued) return undefined;
    if (this.services.state.tokens.isRevoked(issued)) throw new CognitoError('NotAuthorizedException', 'Access Token has been revoked');
    if (issued.expiresAt <= Date.now() / 1000) throw new CognitoError('NotAuthorizedException', 'Access Token has expired');
    return issued;
  }

  private async handle(request: http.IncomingMessage, raw: Buffer, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url);
    if (request.method === 'GET' && url.pathname === MESSAGES_PATH) {
      const messages = this.services.state.messages.list(Object.fromEntries(url.searchParams));
      return void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ messages }, null, 2));
    }
    if (request.method === 'GET') {
      const document = await wellKnown(url.pathname, this.url, (id) => this.pools.byId(id), this.services);
      // Browsers' OIDC libraries fetch these from the app's origin.
      if (document) return void response.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' }).end(JSON.stringify(document));
    }
    const action = String(request.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
    let body: Record<string, any> | undefined;
    try {
      body = raw.length ? JSON.parse(raw.toString('utf-8')) : {};
    } catch {
      body = undefined;
    }
    if (!body || typeof body !== 'object') return this.passOn(response, await this.forward(request, raw), action);
    const signIn = this.checkAccessToken(body.AccessToken);
    if (signIn) body = { ...body, AccessToken: signIn.motoAccessToken };
    const pool = await this.poolOf(request, body, signIn);
    if (!pool) {
      const answer = await this.forward(request, signIn ? Buffer.from(JSON.stringify(body)) : raw);
      this.pools.heard(action, body, answer);
      return this.passOn(response, answer, action);
    }
    const call = new FrontCall(action, body, pool, this.services, request, signIn);
    const changes = POOL_CHANGES.has(action);
    // Dropped before (no description read during the change is kept) and after.
    if (changes) this.services.state.descriptions.forget(pool.userPoolId);
    let reply: Reply;
    try {
      await this.checkClientRules(call);
      const gap = notEmulated(action, body);
      if (gap) throw gap;
      reply = await (OPERATIONS[action] ?? passThrough)(call);
    } catch (error) {
      if (!(error instanceof CognitoError)) throw error;
      reply = failed(error);
    } finally {
      if (changes) this.services.state.descriptions.forget(pool.userPoolId);
    }
    if ('moto' in reply) this.pools.heard(action, body, reply.moto);
    return this.answer(response, await this.hideUserExistence(call, reply), action);
  }

  private async checkClientRules(call: FrontCall): Promise<void> {
    const { action, body } = call;
    const client = await call.client();
    if (!client) return;
    if (action === 'InitiateAuth' || action === 'AdminInitiateAuth') {
      const error = authFlowError(client, String(body.AuthFlow), action === 'AdminInitiateAuth');
      if (error) throw error;
    }
    const located = secretHashOf(action, body);
    if (!located) return;
    // A refresh token's hash is over its user's username (or, as the SDKs compute it for email-username pools, its sub).
    const refreshed = /REFRESH_TOKEN/.test(String(body.AuthFlow)) ? this.services.state.tokens.refreshToken(String(body.AuthParameters?.REFRESH_TOKEN)) : undefined;
    const usernames = refreshed ? [located.username, refreshed.username, refreshed.sub] : [located.username];
    const errors = usernames.map((username) => secretHashError(client, username, located.hash));
    if (errors.every((error) => error)) throw errors[0];
  }

  /** `PreventUserExistenceErrors: ENABLED`: a sign-in for a user who does not exist fails as a wrong password does. */
  private async hideUserExistence(call: FrontCall, reply: Reply): Promise<Reply> {
    if (!SIGN_IN_ACTIONS.has(call.action) || (await call.client())?.PreventUserExistenceErrors !== 'ENABLED') return reply;
    const type = 'moto' in reply ? (() => {
      try {
        return String(JSON.parse(reply.moto.text).__type ?? '');
      } catch {
        return '';
      }
    })() : String((reply.json as any)?.__type ?? '');
    if (!type.endsWith('UserNotFoundException')) return reply;
    return failed(INCORRECT_CREDENTIALS());
  }
}

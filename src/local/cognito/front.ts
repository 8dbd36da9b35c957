import { randomUUID } from 'crypto';
import * as http from 'http';
import { decodeJwt } from 'jose';
import { LoopbackServer, readBody } from '../loopback-server';
import { CognitoClient, CognitoError } from './client';
import { CognitoTokenSigner } from './tokens';
import { LocalTrigger, runPreTokenGeneration, runTrigger, TriggerFailed } from './triggers';
import { loadUser } from './users';

/**
 * The Cognito endpoint of the endpoints file: a front of the emulator (moto). Every operation is
 * passed on to moto as it is, so the AWS CLI and the SDKs pointed at it with `--endpoint-url` work;
 * around a few of them the pool's Lambda triggers run as Cognito runs them, and the tokens of
 * `InitiateAuth` and `AdminInitiateAuth` are issued again as Cognito issues them (pre-token-generation
 * trigger included):
 * - `SignUp`: PreSignUp first (its error fails the sign-up; `autoConfirmUser`, `autoVerifyEmail`,
 *   `autoVerifyPhone` are applied), PostConfirmation when it auto-confirmed;
 * - `ConfirmSignUp`, `AdminConfirmSignUp`: PostConfirmation after;
 * - `InitiateAuth`, `AdminInitiateAuth`: PreAuthentication before, PostAuthentication after (password
 *   flows), PreTokenGeneration for the tokens.
 * A failing trigger answers `UserLambdaValidationException` "<Trigger> failed with error <message>.".
 */

export interface FrontPool {
  readonly userPoolId: string;
  readonly issuer: string;
  readonly region: string;
  readonly clientIds: readonly string[];
  readonly triggers: Readonly<Record<string, LocalTrigger>>;
}

export class CognitoFront extends LoopbackServer {
  constructor(
    private readonly motoEndpoint: string,
    private readonly pools: readonly FrontPool[],
    private readonly signer: CognitoTokenSigner,
    private readonly log: (line: string) => void = () => {},
  ) {
    super('the Cognito front');
  }

  protected serve(request: http.IncomingMessage, response: http.ServerResponse): void {
    readBody(request).then((raw) => this.handle(request, raw!, response)).catch((error) => {
      if (error instanceof TriggerFailed) return this.answer(response, 400, { __type: 'UserLambdaValidationException', message: error.message });
      if (request.destroyed) return;
      this.log(`local Cognito front error: ${error?.stack ?? error}`);
      if (!response.headersSent) this.answer(response, 500, { __type: 'InternalErrorException', message: String(error?.message ?? error) });
    });
  }

  private answer(response: http.ServerResponse, status: number, body: unknown): void {
    response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(body));
  }

  /** Passes a request on to moto; its status, headers and body. */
  private async forward(request: http.IncomingMessage, body: Buffer | string): Promise<{ status: number; headers: Headers; text: string }> {
    const headers = Object.fromEntries(Object.entries(request.headers)
      .filter(([name]) => !['host', 'content-length', 'connection', 'transfer-encoding'].includes(name))
      .map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : String(value)]));
    const answer = await fetch(`${this.motoEndpoint}${request.url ?? '/'}`, {
      method: request.method,
      headers,
      body: request.method === 'GET' || request.method === 'HEAD' ? undefined : body,
    });
    return { status: answer.status, headers: answer.headers, text: await answer.text() };
  }

  private passOn(response: http.ServerResponse, answer: { status: number; headers: Headers; text: string }): void {
    const headers: Record<string, string> = {};
    answer.headers.forEach((value, name) => {
      if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(name)) headers[name] = value;
    });
    response.writeHead(answer.status, headers).end(answer.text);
  }

  private poolOf(body: Record<string, any>): FrontPool | undefined {
    return this.pools.find((pool) => pool.userPoolId === body.UserPoolId || pool.clientIds.includes(body.ClientId));
  }

  private trigger(
    pool: FrontPool, name: string, triggerSource: string, userName: string, clientId: string | undefined, request: Record<string, unknown>,
  ) {
    return runTrigger(pool.triggers[name], name, triggerSource, { region: pool.region, userPoolId: pool.userPoolId, userName, clientId }, request);
  }

  private user(pool: FrontPool, username: string) {
    return loadUser(new CognitoClient(this.motoEndpoint, pool.region), pool.userPoolId, username);
  }

  private async handle(request: http.IncomingMessage, raw: Buffer, response: http.ServerResponse): Promise<void> {
    const action = String(request.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
    let body: Record<string, any> = {};
    try {
      body = raw.length ? JSON.parse(raw.toString('utf-8')) : {};
    } catch {
      return this.passOn(response, await this.forward(request, raw));
    }
    const pool = this.poolOf(body);
    if (!pool) return this.passOn(response, await this.forward(request, raw));
    const cognito = new CognitoClient(this.motoEndpoint, pool.region);
    const attributesOf = (list: Array<{ Name: string; Value: string }> | undefined) =>
      Object.fromEntries((list ?? []).map((a) => [a.Name, a.Value]));

    switch (action) {
      case 'SignUp': {
        const decision = await this.trigger(pool, 'PreSignUp', 'PreSignUp_SignUp', body.Username, body.ClientId, {
          userAttributes: attributesOf(body.UserAttributes),
          validationData: attributesOf(body.ValidationData),
          clientMetadata: body.ClientMetadata ?? {},
        });
        const answer = await this.forward(request, raw);
        if (answer.status !== 200 || !decision) return this.passOn(response, answer);
        const result = JSON.parse(answer.text);
        const verified = [
          ...decision.autoVerifyEmail ? [{ Name: 'email_verified', Value: 'true' }] : [],
          ...decision.autoVerifyPhone ? [{ Name: 'phone_number_verified', Value: 'true' }] : [],
        ];
        if (verified.length) await cognito.call('AdminUpdateUserAttributes', { UserPoolId: pool.userPoolId, Username: body.Username, UserAttributes: verified });
        if (decision.autoConfirmUser) {
          await cognito.call('AdminConfirmSignUp', { UserPoolId: pool.userPoolId, Username: body.Username });
          result.UserConfirmed = true;
          const user = await this.user(pool, body.Username);
          await this.trigger(pool, 'PostConfirmation', 'PostConfirmation_ConfirmSignUp', user.username, body.ClientId, { userAttributes: user.attributes });
        }
        return this.answer(response, 200, result);
      }
      case 'ConfirmSignUp':
      case 'AdminConfirmSignUp': {
        const answer = await this.forward(request, raw);
        if (answer.status === 200) {
          const user = await this.user(pool, body.Username);
          await this.trigger(pool, 'PostConfirmation', 'PostConfirmation_ConfirmSignUp', user.username, body.ClientId, { userAttributes: user.attributes });
        }
        return this.passOn(response, answer);
      }
      case 'InitiateAuth':
      case 'AdminInitiateAuth':
        return this.initiateAuth(request, raw, body, pool, response);
      default:
        return this.passOn(response, await this.forward(request, raw));
    }
  }

  private async initiateAuth(request: http.IncomingMessage, raw: Buffer, body: Record<string, any>, pool: FrontPool, response: http.ServerResponse) {
    const refresh = /REFRESH_TOKEN/.test(String(body.AuthFlow));
    const username = body.AuthParameters?.USERNAME;
    if (!refresh && username) {
      const before = await this.user(pool, username).catch((error) => {
        if (error instanceof CognitoError) return undefined;
        throw error;
      });
      if (before) {
        await this.trigger(pool, 'PreAuthentication', 'PreAuthentication_Authentication', before.username, body.ClientId, {
          userAttributes: before.attributes, validationData: body.ClientMetadata ?? {},
        });
      }
    }
    const answer = await this.forward(request, raw);
    if (answer.status !== 200) return this.passOn(response, answer);
    const result = JSON.parse(answer.text);
    const tokens = result.AuthenticationResult;
    if (!tokens?.IdToken) return this.answer(response, 200, result);
    const motoClaims = decodeJwt(String(tokens.IdToken));
    const user = await this.user(pool, String(motoClaims['cognito:username'] ?? username));
    if (!refresh) {
      await this.trigger(pool, 'PostAuthentication', 'PostAuthentication_Authentication', user.username, body.ClientId, {
        userAttributes: user.attributes, newDeviceUsed: false,
      });
    }
    const scopes = ['aws.cognito.signin.user.admin'];
    const overrides = await runPreTokenGeneration(pool.triggers.PreTokenGeneration, {
      region: pool.region,
      userPoolId: pool.userPoolId,
      clientId: body.ClientId,
      user,
      scopes,
      userName: user.username,
      triggerSource: refresh ? 'TokenGeneration_RefreshTokens' : 'TokenGeneration_Authentication',
    });
    const ttl = Number(tokens.ExpiresIn ?? 3600);
    const issued = await this.signer.userTokens({
      issuer: pool.issuer,
      clientId: body.ClientId,
      user,
      scopes,
      authTime: Number(motoClaims.auth_time ?? Math.floor(Date.now() / 1000)),
      originJti: randomUUID(),
      accessTtlSeconds: ttl,
      idTtlSeconds: ttl,
      overrides,
      idToken: true,
    });
    result.AuthenticationResult = { ...tokens, IdToken: issued.idToken, AccessToken: issued.accessToken };
    return this.answer(response, 200, result);
  }
}

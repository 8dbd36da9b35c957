import * as http from 'http';
import { LoopbackServer, readBody } from '../../loopback-server';
import { CognitoError } from '../client';
import { CognitoTokenSigner } from '../tokens';
import { TriggerFailed } from '../triggers';
import { ACCESS_TOKEN_OPERATIONS, accessTokenClientId } from './access-token';
import { FrontCall, FrontPool, FrontServices, MotoAnswer, Operation, Reply } from './call';
import { SIGN_IN_OPERATIONS } from './sign-in';
import { SIGN_UP_OPERATIONS } from './sign-up';
import { FrontState } from './state';
import { wellKnown } from './well-known';

export type { FrontPool } from './call';
export { FrontState } from './state';

/**
 * The Cognito endpoint of the endpoints file: a front of the emulator (moto). Every operation is
 * passed on to moto as it is, so the AWS CLI and the SDKs pointed at it with `--endpoint-url` work;
 * the operations of {@link OPERATIONS} run here, around moto or instead of it, as Cognito runs them
 * (one file per concern: sign-up, sign-in, …). A failing trigger answers
 * `UserLambdaValidationException` "<Trigger> failed with error <message>."; a {@link CognitoError}
 * thrown by an operation answers its code and message, as Cognito's errors read.
 */

const OPERATIONS: Readonly<Record<string, Operation>> = {
  ...SIGN_UP_OPERATIONS,
  ...SIGN_IN_OPERATIONS,
  ...ACCESS_TOKEN_OPERATIONS,
};

export class CognitoFront extends LoopbackServer {
  private readonly services: FrontServices;

  constructor(
    motoEndpoint: string,
    private readonly pools: readonly FrontPool[],
    signer: CognitoTokenSigner,
    log: (line: string) => void = () => {},
    state: FrontState = new FrontState(),
  ) {
    super('the Cognito front');
    this.services = { motoEndpoint, signer, state, log };
  }

  protected serve(request: http.IncomingMessage, response: http.ServerResponse): void {
    readBody(request).then((raw) => this.handle(request, raw!, response)).catch((error) => {
      if (error instanceof TriggerFailed) return this.answer(response, { status: 400, json: { __type: 'UserLambdaValidationException', message: error.message } });
      if (error instanceof CognitoError) return this.answer(response, { status: 400, json: { __type: error.code, message: error.detail } });
      if (request.destroyed) return;
      this.services.log(`local Cognito front error: ${error?.stack ?? error}`);
      if (!response.headersSent) this.answer(response, { status: 500, json: { __type: 'InternalErrorException', message: String(error?.message ?? error) } });
    });
  }

  private answer(response: http.ServerResponse, reply: Reply): void {
    if ('moto' in reply) return this.passOn(response, reply.moto);
    response.writeHead(reply.status, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(reply.json));
  }

  private passOn(response: http.ServerResponse, answer: MotoAnswer): void {
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

  private poolOf(body: Record<string, any>): FrontPool | undefined {
    const clientId = body.ClientId ?? accessTokenClientId(body.AccessToken);
    return this.pools.find((pool) => pool.userPoolId === body.UserPoolId || pool.clientIds.includes(clientId));
  }

  private async handle(request: http.IncomingMessage, raw: Buffer, response: http.ServerResponse): Promise<void> {
    if (request.method === 'GET') {
      const document = await wellKnown(new URL(request.url ?? '/', this.url).pathname, this.url, this.pools, this.services);
      // Browsers' OIDC libraries fetch these from the app's origin.
      if (document) return void response.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' }).end(JSON.stringify(document));
    }
    const action = String(request.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
    const operation = OPERATIONS[action];
    let body: Record<string, any> | undefined;
    try {
      body = raw.length ? JSON.parse(raw.toString('utf-8')) : {};
    } catch {
      body = undefined;
    }
    const pool = body && this.poolOf(body);
    if (!operation || !body || !pool) return this.passOn(response, await this.forward(request, raw));
    return this.answer(response, await operation(new FrontCall(action, body, pool, this.services, request)));
  }
}

import { randomUUID } from 'crypto';
import * as http from 'http';
import { ClientGone, LoopbackServer, readBody } from '../loopback-server';
import { LocalFunction } from './runner';

/**
 * The runner's Lambda endpoint: the `Invoke` action of the AWS Lambda API ("Invoke", AWS Lambda API
 * reference: `POST /2015-03-31/functions/{FunctionName}/invocations`), so that
 * `aws lambda invoke --endpoint-url <lambdaEndpoint>`, boto3's and the AWS SDK's Lambda clients run
 * the app's functions. As on AWS: `X-Amz-Invocation-Type` `RequestResponse` (the default) answers
 * 200 with the function's result, and a function error is a 200 too, with
 * `X-Amz-Function-Error: Unhandled` and the error as the body; `Event` answers 202 and runs the
 * function in the background; `DryRun` answers 204; an unknown function is a 404
 * `ResourceNotFoundException`. No SigV4 check (any credentials are accepted, as by the other emulated
 * services): a local convenience.
 */

/** A function the endpoint can invoke: the runner's, or why it does not run locally. */
export interface InvokeTarget {
  readonly functionName: string;
  readonly functionArn: string;
  readonly logicalId: string;
  readonly fn: LocalFunction | string;
}

/** The API's `FunctionName` pattern: a name, a partial ARN (`123456789012:function:name`) or an ARN, with an optional qualifier. */
const FUNCTION_NAME = /^(?:arn:aws[a-zA-Z-]*:lambda:)?(?:([a-z]{2}(?:-gov)?-[a-z]+-\d):)?(?:(\d{12}):)?(?:function:)?([a-zA-Z0-9-_.]+)(?::([a-zA-Z0-9-_$]+))?$/;
const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

export class LambdaInvokeApi extends LoopbackServer {
  /** Every running stack's functions (each stack adds its own). */
  readonly targets: InvokeTarget[] = [];

  constructor(private readonly log: (line: string) => void) {
    super('the Lambda endpoint');
  }

  /**
   * The function `FunctionName` names: by name, ARN or partial ARN (qualifier `$LATEST` or none), or,
   * a local convenience, by the template's logical id, with or without its 8-character hash (a
   * top-level construct's id, e.g. `Reporter`), when only one function has it.
   */
  find(functionName: string, qualifier?: string): InvokeTarget | undefined {
    const parsed = FUNCTION_NAME.exec(functionName);
    const version = parsed?.[4] ?? qualifier;
    if (parsed && (version === undefined || version === '$LATEST')) {
      const [, region, account, name] = parsed;
      const byName = this.targets.find((target) => {
        const [, , , targetRegion, targetAccount] = target.functionArn.split(':');
        return target.functionName === name && (!region || region === targetRegion) && (!account || account === targetAccount);
      });
      if (byName) return byName;
    }
    const local = this.targets.filter((target) => target.logicalId === functionName || target.logicalId.replace(/[0-9A-F]{8}$/, '') === functionName);
    return local.length === 1 ? local[0] : undefined;
  }

  protected serve(request: http.IncomingMessage, response: http.ServerResponse): void {
    this.answer(request, response).catch((error) => {
      if (error instanceof ClientGone) return;
      this.log(`Lambda endpoint: ${error.stack ?? error}`);
      if (!response.headersSent) send(response, 500, { Type: 'Service', message: String(error.message ?? error) }, { 'x-amzn-errortype': 'ServiceException' });
      else response.end();
    });
  }

  private async answer(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const match = INVOKE_PATH.exec(url.pathname);
    if (request.method !== 'POST' || !match) {
      return send(response, 404, { message: `the local Lambda endpoint answers Invoke only (POST /2015-03-31/functions/{FunctionName}/invocations), not ${request.method} ${url.pathname}` },
        { 'x-amzn-errortype': 'UnknownOperationException' });
    }
    const body = await readBody(request);
    const functionName = decodeURIComponent(match[1]);
    const target = this.find(functionName, url.searchParams.get('Qualifier') ?? undefined);
    if (!target) {
      return send(response, 404, { Type: 'User', message: `Function not found: ${functionName}` }, { 'x-amzn-errortype': 'ResourceNotFoundException' });
    }
    if (typeof target.fn === 'string') {
      return send(response, 501, { Type: 'Service', message: `not run locally: ${target.fn}` }, { 'x-amzn-errortype': 'ServiceException' });
    }
    let event: unknown = {};
    const text = body?.toString('utf-8') ?? '';
    if (text.trim()) {
      try {
        event = JSON.parse(text);
      } catch (error) {
        return send(response, 400, { Type: 'User', message: `Could not parse request body into json: ${(error as Error).message}` },
          { 'x-amzn-errortype': 'InvalidRequestContentException' });
      }
    }
    const requestId = randomUUID();
    const invocationType = String(request.headers['x-amz-invocation-type'] ?? 'RequestResponse');
    const fn = target.fn;
    switch (invocationType) {
      case 'DryRun':
        return send(response, 204, undefined, { 'x-amzn-requestid': requestId });
      case 'Event':
        fn.invoke(event, requestId).then(({ error }) => {
          if (error) this.log(`[${target.logicalId}] asynchronous invocation ${requestId} failed: ${error.errorType}: ${error.errorMessage}`);
        }, (error) => this.log(`[${target.logicalId}] asynchronous invocation ${requestId} failed: ${error.message}`));
        return send(response, 202, undefined, { 'x-amzn-requestid': requestId });
      case 'RequestResponse': {
        const { result, error } = await fn.invoke(event, requestId);
        const headers = { 'x-amzn-requestid': requestId, 'x-amz-executed-version': '$LATEST' };
        if (error) return send(response, 200, error, { ...headers, 'x-amz-function-error': 'Unhandled' });
        return send(response, 200, result ?? null, headers);
      }
      default:
        return send(response, 400, {
          message: `1 validation error detected: Value '${invocationType}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]`,
        }, { 'x-amzn-errortype': 'ValidationException' });
    }
  }
}

function send(response: http.ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  response.writeHead(status, { ...text ? { 'content-type': 'application/json' } : {}, 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

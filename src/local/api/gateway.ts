import { randomUUID } from 'crypto';
import * as http from 'http';
import { ClientGone, LoopbackServer, readBody } from '../loopback-server';
import { accessLogValues, AccessLogValues, DEFAULT_FORMAT, formatAccessLog, Outcome } from './access-log';
import { corsHeaders, isPreflight } from './cors';
import { executeApiArn, LocalHttpApi, LocalRoute } from './http-api-model';
import { AuthorizerContext, GatewayRequest, GatewayResponse, integrationEvent, integrationResponse, jsonResponse } from './payload-v2';
import { MAX_REQUEST_HEAD_BYTES, parseRequestTarget, requestHeadBytes, requestHeaders } from './request-target';
import { RouteMatcher } from './route-matcher';

/**
 * One local HTTP API: an HTTP server on 127.0.0.1 that selects the route, runs its authorizer and
 * its Lambda integration, and answers as API Gateway does — including its error bodies
 * (`{"message":"Unauthorized"}`, `Forbidden`, `Not Found`, `Internal Server Error`,
 * `Service Unavailable` for an integration past its timeout) and a 501 for what cannot run locally.
 */

export interface AccessLogEntry {
  /** The line, formatted with the stage's access log format. */
  readonly line: string;
  readonly values: AccessLogValues;
}

export interface GatewayOptions {
  /** 0 = any free port. */
  readonly port?: number;
  readonly onAccessLog?: (entry: AccessLogEntry) => void;
  /** The gateway's own errors (never a client's disconnect). Default: stderr. */
  readonly log?: (line: string) => void;
}

const MAX_BODY_BYTES = 10 * 1024 * 1024; // API Gateway's payload limit

/** Set by the functions' workers on a request to a public URL they mapped to a local server (node-worker.js). */
const LOCAL_HOST_HEADER = 'x-cdk-local-host';

function message(status: number, text: string, headers: Record<string, string> = {}): GatewayResponse {
  return jsonResponse(status, { message: text }, headers);
}

/** Why a response header cannot be sent (CR/LF or another character HTTP forbids), or undefined. */
function invalidHeader(headers: Record<string, string | string[]>): string | undefined {
  for (const [name, value] of Object.entries(headers)) {
    try {
      http.validateHeaderName(name);
      for (const item of Array.isArray(value) ? value : [value]) http.validateHeaderValue(name, item);
    } catch (error) {
      return `the Lambda function returned an invalid header ${JSON.stringify(name)}: ${(error as Error).message}`;
    }
  }
  return undefined;
}

const TIMED_OUT = Symbol('timed out');

/** `promise`'s value, or TIMED_OUT after `ms` (the promise goes on; its outcome is dropped). */
function within<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout;
  const deadline = new Promise<typeof TIMED_OUT>((resolveTimeout) => {
    timer = setTimeout(() => resolveTimeout(TIMED_OUT), ms);
  });
  promise.catch(() => {});
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

export class LocalGateway extends LoopbackServer {
  private readonly matcher: RouteMatcher<LocalRoute>;

  constructor(readonly api: LocalHttpApi, private readonly options: GatewayOptions = {}) {
    super('the gateway');
    this.matcher = new RouteMatcher(api.routes.map((route) => ({ routeKey: route.routeKey, route })));
  }

  /** e.g. `http://127.0.0.1:3001/` (with the stage's name for a stage other than `$default`). */
  override get url(): string {
    return `${super.url}/${this.api.stageName === '$default' ? '' : `${this.api.stageName}/`}`;
  }

  override start(port = this.options.port ?? 0): Promise<string> {
    return super.start(port);
  }

  protected serve(request: http.IncomingMessage, response: http.ServerResponse): void {
    this.handle(request, response).catch((error) => {
      if (error instanceof ClientGone || request.destroyed) return;
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: 'Internal Server Error' }));
      (this.options.log ?? ((line) => process.stderr.write(`${line}\n`)))(`local gateway error: ${error?.stack ?? error}`);
    });
  }

  private async handle(incoming: http.IncomingMessage, outgoing: http.ServerResponse): Promise<void> {
    const started = Date.now();
    const target = parseRequestTarget(incoming.url ?? '/');
    let rawPath = target.rawPath;
    const headTooLarge = requestHeadBytes(incoming) > MAX_REQUEST_HEAD_BYTES;
    const body = headTooLarge ? Buffer.alloc(0) : await readBody(incoming, MAX_BODY_BYTES);
    const received = requestHeaders(incoming.rawHeaders);
    // A function's request to the API's public URL, sent here by its worker: the Host it meant (what its signature covers).
    const meantHost = received[LOCAL_HOST_HEADER];
    if (typeof meantHost === 'string') {
      received.host = meantHost;
      delete received[LOCAL_HOST_HEADER];
    }
    const request: GatewayRequest = {
      method: incoming.method ?? 'GET',
      rawPath,
      receivedPath: rawPath,
      rawQueryString: target.rawQueryString,
      headers: received,
      body: body ?? Buffer.alloc(0),
      sourceIp: incoming.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
      requestId: randomUUID(),
      timeEpoch: started,
      apiId: this.api.apiId,
      domainName: String(received.host ?? `${this.api.apiId}.execute-api.${this.api.region}.amazonaws.com`),
      stage: this.api.stageName,
      accountId: this.api.accountId,
    };

    let outcome: Outcome;
    if (headTooLarge) {
      outcome = { response: message(431, 'Request Header Fields Too Large'), error: 'Request Header Fields Too Large' };
    } else if (body === undefined) {
      outcome = { response: message(413, 'Request Entity Too Large'), error: 'Request Entity Too Large' };
    } else if (this.api.stageName !== '$default' && rawPath !== `/${this.api.stageName}` && !rawPath.startsWith(`/${this.api.stageName}/`)) {
      outcome = { response: message(404, 'Not Found'), error: 'Not Found' };
    } else {
      if (this.api.stageName !== '$default') rawPath = rawPath.slice(this.api.stageName.length + 1) || '/';
      outcome = await this.route({ ...request, rawPath });
    }
    const badHeader = invalidHeader(outcome.response.headers);
    if (badHeader) outcome = { ...outcome, response: message(500, 'Internal Server Error'), integrationError: badHeader };

    const origin = typeof incoming.headers.origin === 'string' ? incoming.headers.origin : undefined;
    const headers: Record<string, string | string[]> = {
      ...outcome.response.headers,
      ...(this.api.cors ? corsHeaders(this.api.cors, origin, false) : {}),
      'apigw-requestid': request.requestId,
      'content-length': String(outcome.response.body.length),
    };
    outgoing.writeHead(outcome.response.statusCode, headers);
    outgoing.end(outcome.response.body);

    // The line is made only for a listener (the CLI's, a test's): formatting it costs as much as routing.
    const onAccessLog = this.options.onAccessLog;
    if (onAccessLog) {
      const values = accessLogValues(request, outcome, `HTTP/${incoming.httpVersion}`, Date.now());
      onAccessLog({ line: formatAccessLog(this.api.accessLogFormat ?? DEFAULT_FORMAT, values), values });
    }
  }

  private async route(request: GatewayRequest): Promise<Outcome> {
    let match;
    try {
      match = this.matcher.match(request.method, request.rawPath);
    } catch {
      return { response: message(400, 'Bad Request'), error: 'Bad Request' };
    }
    if (!match) {
      if (this.api.cors && isPreflight(request.method, request.headers)) {
        // "API Gateway automatically sends a response to preflight OPTIONS requests, even if there isn't an OPTIONS route."
        return { response: { statusCode: 204, headers: corsHeaders(this.api.cors, String(request.headers.origin), true), body: Buffer.alloc(0) } };
      }
      return { response: message(404, 'Not Found'), error: 'Not Found' };
    }
    const { route, routeKey, pathParameters } = match;
    const outcome: Partial<Outcome> = { routeKey };
    const preflightHeaders = this.api.cors && isPreflight(request.method, request.headers)
      ? corsHeaders(this.api.cors, String(request.headers.origin), true) : {};

    const authorized = await this.authorize(route, request, routeKey, pathParameters);
    if ('response' in authorized) return { ...outcome, ...authorized };
    const integrated = await this.integrate(route, request, routeKey, pathParameters, authorized.context, preflightHeaders);
    return { ...outcome, ...authorized.outcome, ...integrated };
  }

  /** The route's authorizer: its denial, or the context the integration receives. */
  private async authorize(
    route: LocalRoute, request: GatewayRequest, routeKey: string, pathParameters: Record<string, string> | undefined,
  ): Promise<Outcome | { context: AuthorizerContext; outcome: Partial<Outcome> }> {
    const authorizer = route.authorizer;
    switch (authorizer.kind) {
      case 'unsupported':
        return { response: message(501, `Not Implemented locally: ${authorizer.reason}`), authorizerError: authorizer.reason };
      case 'jwt': {
        const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(',') : value]));
        const query = Object.fromEntries(new URLSearchParams(request.rawQueryString));
        const decision = await authorizer.authorizer.authorize({ headers, query }, authorizer.scopes);
        if (!decision.allowed) {
          return {
            response: message(decision.status, decision.status === 401 ? 'Unauthorized' : 'Forbidden', { 'www-authenticate': decision.wwwAuthenticate }),
            authorizerError: decision.error,
          };
        }
        return { context: { jwt: { claims: decision.claims, scopes: decision.scopes } }, outcome: { subject: decision.claims.sub } };
      }
      case 'iam': {
        const decision = await authorizer.authorizer.authorize(request, this.routeArn(request));
        if (!decision.allowed) {
          return { response: message(decision.status, decision.message, { 'x-amzn-errortype': decision.errorType }), authorizerError: decision.error };
        }
        return { context: { iam: decision.context }, outcome: { principalId: decision.context.userArn } };
      }
      case 'lambda': {
        const routeArn = this.routeArn(request);
        const decision = await authorizer.authorizer.authorize(request, routeKey, pathParameters, routeArn);
        if (!decision.allowed) {
          const text = decision.status === 401 ? 'Unauthorized' : decision.status === 403 ? 'Forbidden' : 'Internal Server Error';
          return { response: message(decision.status, text), authorizerError: decision.error };
        }
        return { context: { lambda: decision.context }, outcome: { principalId: decision.principalId, lambdaContext: decision.context } };
      }
      default:
        return { context: undefined, outcome: {} };
    }
  }

  private routeArn(request: GatewayRequest): string {
    return executeApiArn(this.api, request.method, request.rawPath);
  }

  /** The route's Lambda integration, within its timeout; its response, or API Gateway's error for what went wrong. */
  private async integrate(
    route: LocalRoute, request: GatewayRequest, routeKey: string, pathParameters: Record<string, string> | undefined,
    authorizerContext: AuthorizerContext, extraHeaders: Record<string, string | string[]>,
  ): Promise<Outcome> {
    const integration = route.integration;
    if (integration.kind === 'unsupported') {
      return { response: message(501, `Not Implemented locally: ${integration.reason}`), integrationError: integration.reason };
    }
    const event = integrationEvent(request, routeKey, pathParameters, authorizerContext);
    const answer = await within(integration.fn.invoke(event, request.requestId), integration.timeoutMs);
    if (answer === TIMED_OUT) {
      return {
        response: message(503, 'Service Unavailable'),
        integrationLatency: integration.timeoutMs,
        integrationError: `the integration did not answer within its timeout (${integration.timeoutMs} ms)`,
      };
    }
    const { result, error, durationMs } = answer;
    const common = { integrationLatency: durationMs, integrationStatus: 200 };
    if (error) {
      const reason = `${error.errorType}: ${error.errorMessage}`;
      return { ...common, response: message(500, 'Internal Server Error'), integrationError: `The Lambda function returned an error: ${reason}` };
    }
    const response = integrationResponse(result);
    if (!response) {
      return { ...common, response: message(500, 'Internal Server Error'), integrationError: 'The Lambda function returned a malformed response (statusCode)' };
    }
    return { ...common, response: { ...response, headers: { ...response.headers, ...extraHeaders } } };
  }
}

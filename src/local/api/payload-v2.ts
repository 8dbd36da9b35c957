import { IncomingHttpHeaders } from 'http';
import type { IamContext } from './iam-authorizer';

/**
 * API Gateway HTTP API payload format 2.0 ("Working with AWS Lambda proxy integrations for HTTP
 * APIs"): the event a Lambda integration or a REQUEST authorizer receives, and how the integration's
 * answer becomes the HTTP response.
 */

/** The parts of a request every event is built from. */
export interface GatewayRequest {
  readonly method: string;
  /** The path as received (no query string); without the stage's name once the route is selected. */
  readonly rawPath: string;
  /** The path as received, with the stage's name (what a SigV4 signature covers). Default `rawPath`. */
  readonly receivedPath?: string;
  readonly rawQueryString: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly sourceIp: string;
  readonly requestId: string;
  readonly timeEpoch: number;
  readonly apiId: string;
  readonly domainName: string;
  readonly stage: string;
  readonly accountId: string;
}

/** Duplicate headers joined with commas; cookies moved to `cookies`. */
export function eventHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name === 'cookie') continue;
    result[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return result;
}

/** Duplicate query parameters joined with commas; undefined when there are none. */
export function queryParameters(rawQueryString: string): Record<string, string> | undefined {
  if (!rawQueryString) return undefined;
  const result: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    result[name] = name in result ? `${result[name]},${value}` : value;
  }
  return result;
}

function cookies(headers: IncomingHttpHeaders): string[] | undefined {
  const cookie = headers.cookie;
  if (!cookie) return undefined;
  return cookie.split(';').map((part) => part.trim()).filter(Boolean);
}

/** API Gateway passes text bodies as they are and everything else base64-encoded. */
function isTextContentType(contentType: string | undefined): boolean {
  if (!contentType) return true;
  return /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded|[\w.+-]+\+(json|xml)))/i.test(contentType);
}

function formatRequestTime(epochMs: number): string {
  const date = new Date(epochMs);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

export function requestTime(request: GatewayRequest): string {
  return formatRequestTime(request.timeEpoch);
}

function requestContext(request: GatewayRequest, routeKey: string) {
  return {
    accountId: request.accountId,
    apiId: request.apiId,
    domainName: request.domainName,
    domainPrefix: request.domainName.split('.')[0],
    http: {
      method: request.method,
      path: request.rawPath,
      protocol: 'HTTP/1.1',
      sourceIp: request.sourceIp,
      userAgent: String(request.headers['user-agent'] ?? ''),
    },
    requestId: request.requestId,
    routeKey,
    stage: request.stage,
    time: formatRequestTime(request.timeEpoch),
    timeEpoch: request.timeEpoch,
  };
}

function common(request: GatewayRequest, routeKey: string, pathParameters: Record<string, string> | undefined) {
  return {
    version: '2.0',
    routeKey,
    rawPath: request.rawPath,
    rawQueryString: request.rawQueryString,
    ...(cookies(request.headers) ? { cookies: cookies(request.headers) } : {}),
    headers: eventHeaders(request.headers),
    ...(queryParameters(request.rawQueryString) ? { queryStringParameters: queryParameters(request.rawQueryString) } : {}),
    ...(pathParameters ? { pathParameters } : {}),
  };
}

/** What the route's authorizer passes on to the integration (`requestContext.authorizer`). */
export type AuthorizerContext =
  | { readonly jwt: { readonly claims: Record<string, string>; readonly scopes: string[] | null } }
  | { readonly lambda: Record<string, unknown> }
  | { readonly iam: IamContext }
  | undefined;

/** The Lambda integration's event. */
export function integrationEvent(
  request: GatewayRequest,
  routeKey: string,
  pathParameters: Record<string, string> | undefined,
  authorizer: AuthorizerContext,
) {
  const text = isTextContentType(request.headers['content-type']);
  return {
    ...common(request, routeKey, pathParameters),
    requestContext: { ...requestContext(request, routeKey), ...(authorizer ? { authorizer } : {}) },
    ...(request.body.length ? { body: text ? request.body.toString('utf-8') : request.body.toString('base64') } : {}),
    isBase64Encoded: request.body.length > 0 && !text,
  };
}

/** A REQUEST authorizer's event (payload 2.0). */
export function authorizerEvent(
  request: GatewayRequest,
  routeKey: string,
  pathParameters: Record<string, string> | undefined,
  identitySource: string[],
  routeArn: string,
) {
  return {
    ...common(request, routeKey, pathParameters),
    type: 'REQUEST',
    routeArn,
    identitySource,
    requestContext: requestContext(request, routeKey),
  };
}

/** An HTTP response, ready to write. */
export interface GatewayResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string | string[]>;
  readonly body: Buffer;
}

export function jsonResponse(statusCode: number, body: unknown, headers: Record<string, string> = {}): GatewayResponse {
  return { statusCode, headers: { 'content-type': 'application/json', ...headers }, body: Buffer.from(JSON.stringify(body)) };
}

/**
 * The integration's answer as API Gateway turns it into a response (payload 2.0): an object with a
 * `statusCode` is a response; anything else is the body itself, as JSON, with status 200.
 * Returns undefined for an answer API Gateway refuses (a `statusCode` that is no HTTP status).
 */
export function integrationResponse(result: unknown): GatewayResponse | undefined {
  if (typeof result === 'object' && result !== null && !Array.isArray(result) && 'statusCode' in result) {
    const answer = result as {
      statusCode: unknown; headers?: Record<string, unknown>; cookies?: unknown[]; body?: unknown; isBase64Encoded?: boolean;
    };
    const statusCode = Number(answer.statusCode);
    if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) return undefined;
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(answer.headers ?? {})) headers[name.toLowerCase()] = String(value);
    if (Array.isArray(answer.cookies) && answer.cookies.length) headers['set-cookie'] = answer.cookies.map(String);
    const body = answer.body === undefined || answer.body === null ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    return { statusCode, headers, body: answer.isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body) };
  }
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(result ?? null)) };
}

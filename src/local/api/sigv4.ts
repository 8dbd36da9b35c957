import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

/**
 * AWS Signature Version 4 for `execute-api`, computed by `@smithy/signature-v4` (the AWS SDK's
 * signer): the signature a request should carry over exactly the headers it lists as signed, and
 * the signing of a request with a principal's keys (scripts, tests, the runner's own calls).
 */

export interface SigV4Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** The parts of an `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` header. */
export interface SigV4Authorization {
  readonly accessKeyId: string;
  /** `yyyymmdd` of the credential scope. */
  readonly scopeDate: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

/** The header parsed, or the parameters it lacks (as API Gateway names them). */
export function parseAuthorization(header: string): SigV4Authorization | { readonly missing: string[] } {
  const parameter = (name: string) => new RegExp(`(?:^AWS4-HMAC-SHA256\\s+|,\\s*)${name}=([^,\\s]+)`).exec(header)?.[1];
  const credential = parameter('Credential');
  const signedHeaders = parameter('SignedHeaders');
  const signature = parameter('Signature');
  const scope = credential?.split('/');
  if (!header.startsWith('AWS4-HMAC-SHA256 ') || !scope || scope.length !== 5 || !signedHeaders || !signature) {
    return { missing: [['Credential', scope?.length === 5], ['Signature', signature], ['SignedHeaders', signedHeaders]].filter(([, value]) => !value).map(([name]) => String(name)) };
  }
  const [accessKeyId, scopeDate, region, service] = scope;
  return { accessKeyId, scopeDate, region, service, signedHeaders: signedHeaders.split(';'), signature };
}

/** `20261207T203000Z` → the date, or undefined when it is not one. */
export function parseAmzDate(value: string | undefined): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  return match ? new Date(Date.UTC(+match[1], +match[2] - 1, +match[3], +match[4], +match[5], +match[6])) : undefined;
}

export interface SignableRequest {
  readonly method: string;
  /** As sent: percent-encoded, with the stage. */
  readonly path: string;
  readonly rawQueryString: string;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

function query(rawQueryString: string): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    const existing = result[name];
    result[name] = existing === undefined ? value : [existing, value].flat();
  }
  return result;
}

/** The signature `credentials` give `request` over the headers `authorization` lists, at `signingDate`. */
export async function expectedSignature(
  request: SignableRequest, authorization: SigV4Authorization, credentials: SigV4Credentials, signingDate: Date,
): Promise<string> {
  const listed = new Set(authorization.signedHeaders);
  const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => listed.has(name)));
  const signer = new SignatureV4({
    credentials: { ...credentials, sessionToken: listed.has('x-amz-security-token') ? credentials.sessionToken : undefined },
    region: authorization.region,
    service: authorization.service,
    sha256: Sha256,
    applyChecksum: false,
  });
  const signed = await signer.sign({
    method: request.method,
    protocol: 'http:',
    hostname: headers.host ?? '',
    path: request.path,
    query: query(request.rawQueryString),
    headers,
    body: request.body,
  } as any, { signingDate, signableHeaders: listed });
  return /Signature=([0-9a-f]+)/.exec(String((signed as unknown as { headers: Record<string, string> }).headers.authorization))?.[1] ?? '';
}

/** The headers that sign `request` to `url` with `credentials` (service `execute-api`, `region`): add them to the request. */
export async function signRequest(
  credentials: SigV4Credentials, region: string, url: string | URL,
  request: { method?: string; headers?: Record<string, string>; body?: string | Uint8Array; signingDate?: Date } = {},
): Promise<Record<string, string>> {
  const target = new URL(url);
  const signer = new SignatureV4({ credentials, region, service: 'execute-api', sha256: Sha256 });
  const body = typeof request.body === 'string' ? new TextEncoder().encode(request.body) : request.body;
  const signed = await signer.sign({
    method: request.method ?? 'GET',
    protocol: target.protocol,
    hostname: target.hostname,
    port: target.port ? Number(target.port) : undefined,
    path: target.pathname,
    query: query(target.search.slice(1)),
    headers: { ...Object.fromEntries(Object.entries(request.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value])), host: target.host },
    ...body ? { body } : {},
  } as any, { signingDate: request.signingDate });
  const { host: _host, ...headers } = (signed as unknown as { headers: Record<string, string> }).headers;
  return headers;
}

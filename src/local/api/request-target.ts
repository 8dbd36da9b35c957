import { IncomingMessage } from 'http';

/**
 * What API Gateway reads off a request before it selects a route: the path and query string as
 * sent, the headers as payload 2.0 passes them, and the size that its quota limits.
 */

/**
 * "Total combined size of request line and header values: 10,240 bytes" ("Quotas for configuring and
 * running an HTTP API"); not raisable.
 */
export const MAX_REQUEST_HEAD_BYTES = 10_240;

export interface RequestTarget {
  /** The path exactly as sent: `//x/health` is the path `//x/health`, never an authority. */
  readonly rawPath: string;
  /** Everything after the first `?`, exactly as sent (no re-encoding). */
  readonly rawQueryString: string;
}

/** Splits a request target (`/a/b?q='x'`, or absolute-form `http://host/a?b`) without normalizing it. */
export function parseRequestTarget(target: string): RequestTarget {
  let rest = target;
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(rest);
  if (absolute) rest = rest.slice(absolute[0].length);
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const question = rest.indexOf('?');
  const path = question >= 0 ? rest.slice(0, question) : rest;
  return {
    rawPath: path.startsWith('/') ? path : `/${path}`,
    rawQueryString: question >= 0 ? rest.slice(question + 1) : '',
  };
}

/**
 * The request's headers, names lowercased, duplicates joined with `,` as payload 2.0 does ("Duplicate
 * headers are combined with commas"); several `Cookie` headers are joined with `; ` (their cookies all
 * reach the event's `cookies`).
 */
export function requestHeaders(rawHeaders: readonly string[]): Record<string, string> {
  const values = new Map<string, string[]>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i].toLowerCase();
    values.set(name, [...values.get(name) ?? [], rawHeaders[i + 1]]);
  }
  return Object.fromEntries([...values].map(([name, list]) => [name, list.join(name === 'cookie' ? '; ' : ',')]));
}

/** The bytes API Gateway's quota counts: the request line and the header values. */
export function requestHeadBytes(request: IncomingMessage): number {
  let size = Buffer.byteLength(`${request.method} ${request.url} HTTP/${request.httpVersion}`);
  for (let i = 1; i < request.rawHeaders.length; i += 2) size += Buffer.byteLength(request.rawHeaders[i]);
  return size;
}

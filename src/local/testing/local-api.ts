import { Findable } from './find-one';
import { LocalApi, LocalFetchInit } from './types';
import { signRequest } from '../api/sigv4';
import type { LocalApiInfo, LocalStackInfo } from '../app/runner';

/** An HTTP API of the running app: `fetch()` with the caller's token in `Authorization`. */
export class TestApi implements LocalApi, Findable {
  readonly url: string;
  readonly name: string;
  readonly logicalId: string;
  readonly path?: string;
  readonly routes: readonly string[];
  readonly label: string;
  readonly names: readonly string[];

  constructor(api: LocalApiInfo, readonly stack: string, private readonly iam?: Pick<LocalStackInfo, 'region' | 'iamPrincipals'>) {
    this.url = api.url;
    this.name = api.name;
    this.logicalId = api.logicalId;
    this.path = api.path;
    this.routes = api.routes.map((route) => route.routeKey);
    this.label = api.path?.replace(/\/Resource$/, '') ?? `${stack}/${api.logicalId}`;
    this.names = [api.name, api.logicalId, `${stack}/${api.logicalId}`, this.label];
  }

  async fetch(path: string, init: LocalFetchInit = {}): Promise<Response> {
    const headers: Record<string, string> = { ...init.headers };
    if (typeof init.as === 'string') {
      headers.authorization = `Bearer ${init.as}`;
    } else if (init.as) {
      const tokens = await init.as.signIn();
      headers.authorization = `Bearer ${init.token === 'id' ? tokens.idToken : tokens.accessToken}`;
    }
    let body: string | Uint8Array | undefined;
    if (typeof init.body === 'string' || init.body instanceof Uint8Array) {
      body = init.body;
    } else if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    }
    const url = this.url + (path.startsWith('/') ? path.slice(1) : path);
    const method = init.method ?? 'GET';
    // The signed headers are the request's own (lower-cased) and the signature's.
    const sent = init.asRole ? await signRequest(this.role(init.asRole), this.iam!.region, url, { method, headers, body }) : headers;
    return fetch(url, { method, headers: sent, body });
  }

  /** The local credentials of a role of the API's stack, by logical id or the construct id it starts with. */
  private role(name: string) {
    const principals = this.iam?.iamPrincipals ?? {};
    const found = principals[name] ?? Object.entries(principals).find(([logicalId]) => logicalId.startsWith(name))?.[1];
    if (!found) throw new Error(`fetch(…, { asRole: '${name}' }): ${this.stack} has no IAM role ${name}; its roles: ${Object.keys(principals).join(', ') || 'none'}`);
    return found;
  }
}

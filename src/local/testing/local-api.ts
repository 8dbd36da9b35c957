import { Findable } from './find-one';
import { LocalApi, LocalFetchInit } from './types';
import type { LocalApiInfo } from '../app/runner';

/** An HTTP API of the running app: `fetch()` with the caller's token in `Authorization`. */
export class TestApi implements LocalApi, Findable {
  readonly url: string;
  readonly name: string;
  readonly logicalId: string;
  readonly path?: string;
  readonly routes: readonly string[];
  readonly label: string;
  readonly names: readonly string[];

  constructor(api: LocalApiInfo, readonly stack: string) {
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
    return fetch(this.url + (path.startsWith('/') ? path.slice(1) : path), { method: init.method ?? 'GET', headers, body });
  }
}

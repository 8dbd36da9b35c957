import { RouteAuthorization } from './route-authorization';

/** A route as the checks see it. */
export interface RouteRecord {
  readonly method: string;
  readonly path: string;
  readonly authorization: RouteAuthorization;
}

/** What the pool's app clients can put into tokens. */
export interface ClientScopes {
  /** Some clients were brought in: what they can obtain is unknown, so scope checks are skipped. */
  readonly unknown: boolean;
  /** Every scope at least one client can obtain. */
  readonly obtainable: Set<string>;
  /** No client gets access tokens through OAuth (no machine client, no OAuth user client). */
  readonly userClientsOnly: boolean;
}

/** Errors: routes requiring a declared scope that no app client can obtain. */
export function unobtainableScopeErrors(routes: RouteRecord[], clients: ClientScopes): string[] {
  if (clients.unknown) {
    return [];
  }
  return routes.flatMap(({ method, path, authorization }) => authorization.scopes
    .filter((scope) => !clients.obtainable.has(scope))
    .map((scope) => `route ${method} ${path} requires scope "${scope}", which no app client can obtain, so every valid token would get 403 Forbidden; `
      + 'declare it in apiScopes and give callbackUrls (users, OAuth code flow) or add a machine client with it (machineClients / addMachineClient()).'));
}

/** Warnings: scoped routes whose only callers would be users sending ID tokens (no `scope` claim). */
export function idTokenWarnings(routes: RouteRecord[], clients: ClientScopes): string[] {
  if (!clients.userClientsOnly) {
    return [];
  }
  return routes
    .filter(({ authorization }) => authorization.requiredScopes().length > 0)
    .map(({ method, path, authorization }) => `route ${method} ${path} requires ${authorization.describe()}: ID tokens carry no scope claim, `
      + 'so callers must send the ACCESS token (AuthenticationResult.AccessToken), not the ID token (AuthenticationResult.IdToken).');
}

/** Warnings: public routes that make methods or paths of a protected route reachable without a token. */
export function shadowWarnings(routes: RouteRecord[]): string[] {
  const publicRoutes = routes.filter((route) => route.authorization.isPublic);
  const protectedRoutes = routes.filter((route) => !route.authorization.isPublic);
  const warnings: string[] = [];
  for (const open of publicRoutes) {
    for (const closed of protectedRoutes) {
      if (open.method === 'ANY' && open.path === closed.path) {
        warnings.push(`public route ANY ${open.path} shares its path with protected route ${closed.method} ${closed.path}: `
          + `every method of ${open.path} other than the declared ones is public. List the public methods instead of ANY, or make the ANY route signed-in.`);
      } else if (covers(open.path, closed.path) && (open.method === 'ANY' || open.method === closed.method)) {
        warnings.push(`public route ${open.method} ${open.path} covers the path of protected route ${closed.method} ${closed.path}: `
          + `requests under ${closed.path} that match no other route are answered without a token. Narrow the public route, or make it signed-in.`);
      }
    }
  }
  return warnings;
}

/** Whether a greedy path (`/a/{proxy+}`) covers another path. */
function covers(greedy: string, path: string): boolean {
  const match = /^(.*)\/\{[^}]+\+\}$/.exec(greedy);
  return match !== null && path !== greedy && path.startsWith(`${match[1]}/`);
}

import { RouteAuthorization } from './route-authorization';

/** A route as the checks see it. */
export interface RouteRecord {
  readonly method: string;
  readonly path: string;
  readonly authorization: RouteAuthorization;
}

/** The scopes Cognito itself puts into access tokens, besides the API's (resource server) scopes. */
export const STANDARD_SCOPES = ['openid', 'email', 'profile', 'phone', 'aws.cognito.signin.user.admin'];

/** The scopes the user client's OAuth code flow adds, besides the API's. */
export const OAUTH_USER_SCOPES = ['openid', 'email', 'profile'];

/** A machine client the construct made, and the API scopes it was given. */
export interface MachineClientScopes {
  readonly name: string;
  readonly scopes: string[];
}

/** What the pool's app clients can put into tokens. */
export interface ClientScopes {
  /** Some clients were brought in: what they can obtain is unknown, so scope checks are skipped. */
  readonly unknown: boolean;
  /** Every scope at least one client can obtain. */
  readonly obtainable: Set<string>;
  /** No client gets access tokens through OAuth (no machine client, no OAuth user client). */
  readonly userClientsOnly: boolean;
  /** The user client uses the OAuth code flow (callbackUrls). */
  readonly userClientOauth: boolean;
  /** The machine clients, in the order they were added. */
  readonly machineClients: MachineClientScopes[];
  /** The API's scopes, full names. */
  readonly apiScopes: Set<string>;
  /** The pool is not the construct's: its trigger may add other scopes, so only the API's and the standard ones are checked. */
  readonly poolAddsScopes: boolean;
}

/**
 * Errors: routes requiring a scope that no app client can obtain, each saying what every client
 * gets and would need. Undeclared names are refused when the route is added (`validateRouteScopes`).
 */
export function unobtainableScopeErrors(routes: RouteRecord[], clients: ClientScopes): string[] {
  if (clients.unknown) {
    return [];
  }
  const checked = (scope: string) => !clients.poolAddsScopes || clients.apiScopes.has(scope) || STANDARD_SCOPES.includes(scope);
  return routes.flatMap(({ method, path, authorization }) => authorization.scopes
    .filter((scope) => !clients.obtainable.has(scope) && checked(scope))
    .map((scope) => `route ${method} ${path} requires scope "${scope}", which no app client can obtain, so every valid token would get 403 Forbidden: `
      + `${whatClientsNeed(scope, clients)}.`));
}

/** Each client, what its tokens carry, and what it would need for `scope` (when it can get it at all). */
function whatClientsNeed(scope: string, clients: ClientScopes): string {
  const apiScope = clients.apiScopes.has(scope);
  const parts: string[] = [];
  if (clients.userClientOauth) {
    parts.push(`the user client's tokens carry aws.cognito.signin.user.admin, ${OAUTH_USER_SCOPES.join(', ')} and the API's scopes`);
  } else if (apiScope || OAUTH_USER_SCOPES.includes(scope)) {
    parts.push('the user client signs in without OAuth, so its tokens carry only aws.cognito.signin.user.admin (give callbackUrls: the OAuth code flow\'s tokens carry it)');
  } else {
    parts.push(`the user client's tokens carry only aws.cognito.signin.user.admin (and ${OAUTH_USER_SCOPES.join(', ')} and the API's scopes with callbackUrls)`);
  }
  if (clients.machineClients.length === 0) {
    parts.push(apiScope ? 'there is no machine client (add one with it: machineClients / addMachineClient())' : 'there is no machine client');
  }
  for (const { name, scopes } of clients.machineClients) {
    parts.push(`machine client "${name}" has ${scopes.join(', ')}${apiScope ? ' (add it to its scopes)' : ''}`);
  }
  if (!apiScope) {
    parts.push('machine clients get only the API\'s scopes');
  }
  return parts.join('; ');
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

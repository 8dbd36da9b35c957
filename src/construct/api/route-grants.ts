import { RouteRecord } from '../authorization/authorization-checks';
import { RouteAuthorization } from '../authorization/route-authorization';
import { fail } from '../validation/check-helpers';

/* Who may call an IAM-authorized route (`RouteAuthorization.iam()`): `execute-api:Invoke` grants. */

/**
 * A route's path as its `execute-api` ARN writes it: each path parameter, greedy or not, is `*`
 * (API Gateway developer guide, "Control access to HTTP APIs with IAM authorization").
 */
export function executeApiPath(path: string): string {
  return path.replace(/\{[^}]+\}/g, '*');
}

/**
 * The routes a grant names: every IAM route (no path), the IAM routes of a path (no method), or one
 * route. Throws when none matches, or when the named route is not IAM-authorized.
 */
export function grantedRoutes(where: string, routes: readonly RouteRecord[], path?: string, method?: string): RouteRecord[] {
  const named = routes.filter((r) => (path === undefined || r.path === path) && (method === undefined || r.method === method));
  const iamRoutes = named.filter((r) => r.authorization.isIam);
  if (iamRoutes.length > 0) {
    return iamRoutes;
  }
  if (named.length === 0 && path !== undefined) {
    const known = routes.map((r) => `${r.method} ${r.path}`);
    fail(where, `there is no route ${method ?? 'of any method'} ${path} (routes: ${known.length ? known.join(', ') : 'none yet'}); `
      + 'add the route first (routes or addRoute()) with authorization: RouteAuthorization.iam(), then grant it.');
  }
  if (path === undefined) {
    fail(where, 'no route is IAM-authorized, so there is nothing to grant; give a route authorization: RouteAuthorization.iam() first.');
  }
  return fail(where, notIamAuthorized(named.map((r) => `${r.method} ${r.path}`).join(', '), named[0].authorization, 'the grant'));
}

/** Why granting a route that takes tokens is refused, and the fix. */
export function notIamAuthorized(route: string, authorization: RouteAuthorization, grant: string): string {
  return `route ${route} is not IAM-authorized (${authorization.describe()}): its callers send tokens, so an execute-api:Invoke grant would allow nothing; `
    + `give the route authorization: RouteAuthorization.iam(), or remove ${grant}.`;
}

/** Warnings: IAM routes no principal was granted by the construct. */
export function ungrantedWarnings(routes: readonly RouteRecord[], granted: ReadonlyMap<string, unknown[]>): string[] {
  return routes
    .filter((r) => r.authorization.isIam && !(granted.get(`${r.method} ${r.path}`)?.length))
    .map((r) => `route ${r.method} ${r.path} is IAM-authorized (RouteAuthorization.iam()) but no principal was granted execute-api:Invoke on it, `
      + 'so every signed request gets 403 Forbidden: give the route grantees, or call grantInvoke(grantee, path, method) '
      + '(acknowledge this warning if callers are granted elsewhere, e.g. by another account\'s policies).');
}

import { Caller } from './callers';
import { DeclaredRoute } from './declared-routes';
import { answerClass, expectedAnswer } from './expectations';
import { CheckResult } from './report';

/** The calls `check-access` makes to an API, on the local runner or on AWS: each declared route as each caller. */

/** The request for a route key: path parameters filled in; ANY as a method no other route of the path declares. */
export function requestFor(route: DeclaredRoute, all: readonly DeclaredRoute[]): { method: string; path: string } {
  const [method, template] = route.routeKey.split(' ');
  const path = template.replace(/\{[^}]+\}/g, 'check-access');
  if (method !== 'ANY') return { method, path };
  const taken = new Set(all.filter((other) => other.routeKey.split(' ')[1] === template).map((other) => other.routeKey.split(' ')[0]));
  return { method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].find((candidate) => !taken.has(candidate)) ?? 'GET', path };
}

async function callRoute(url: string, request: { method: string; path: string }, caller: Caller): Promise<number> {
  const response = await fetch(new URL(request.path.replace(/^\//, ''), url), {
    method: request.method,
    headers: caller.token ? { authorization: `Bearer ${caller.token}` } : {},
  });
  await response.arrayBuffer();
  return response.status;
}

/** Calls every route of one API (at `url`, ending in `/`) as each caller. */
export async function callDeclaredRoutes(
  stack: string, api: string, url: string, routes: readonly DeclaredRoute[], callers: readonly Caller[],
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const route of routes) {
    const request = requestFor(route, routes);
    for (const caller of callers) {
      const status = await callRoute(url, request, caller);
      results.push({
        stack,
        api,
        route,
        caller: caller.name,
        callerPhrase: caller.phrase,
        expected: expectedAnswer(route.declared, caller),
        status,
        actual: answerClass(status),
      });
    }
  }
  return results;
}

/** The groups the routes declare that the pool has: a member of each is a caller. */
export function declaredGroups(routes: readonly DeclaredRoute[], poolGroups: readonly string[]): string[] {
  return [...new Set(routes.flatMap((route) => route.declared.groups))].filter((group) => poolGroups.includes(group));
}

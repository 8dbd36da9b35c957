/**
 * API Gateway HTTP API route selection ("Routing API requests" in the HTTP API developer guide):
 * the most specific match wins — a literal segment beats a `{param}`, which beats a greedy
 * `{proxy+}`; among equally specific paths a route with the request's method beats `ANY`; the
 * `$default` route catches what nothing else matched.
 */

export interface RouteMatch<T> {
  readonly route: T;
  readonly routeKey: string;
  /** Decoded values of the path's `{name}` / `{name+}` variables; undefined when it has none. */
  readonly pathParameters?: Record<string, string>;
}

interface ParsedRoute<T> {
  readonly route: T;
  readonly routeKey: string;
  readonly method: string;
  readonly segments: readonly string[];
}

/** Rank of one segment: 0 literal, 1 `{param}`, 2 `{proxy+}` (lower is more specific). */
function segmentRank(segment: string): number {
  if (/^\{[^}]+\+\}$/.test(segment)) return 2;
  if (/^\{[^}]+\}$/.test(segment)) return 1;
  return 0;
}

function splitPath(path: string): string[] {
  return path.split('/').slice(1);
}

function matchSegments(routeSegments: readonly string[], requestSegments: readonly string[]): Record<string, string> | undefined {
  const parameters: Record<string, string> = {};
  for (const [i, segment] of routeSegments.entries()) {
    const rank = segmentRank(segment);
    if (rank === 2) {
      // A greedy variable takes the rest of the path after its parent, which must not be empty:
      // `/items/{proxy+}` takes neither `/items` nor `/items/`.
      const rest = requestSegments.slice(i);
      if (rest.join('/') === '') return undefined;
      parameters[segment.slice(1, -2)] = rest.map(decodeURIComponent).join('/');
      return parameters;
    }
    const value = requestSegments[i];
    if (rank === 1) {
      // `{id}` takes one non-empty segment: `/items/` does not reach `/items/{id}`. (A request shorter
      // than the route has no value here, and fails the length check below.)
      if (!value) return undefined;
      parameters[segment.slice(1, -1)] = decodeURIComponent(value);
    } else if (segment !== value) {
      return undefined;
    }
  }
  return routeSegments.length === requestSegments.length ? parameters : undefined;
}

/**
 * Negative when `a` is more specific than `b`: the first segment whose rank differs decides; routes
 * that tie on it (only routes of one path can match the same request then) prefer a method to `ANY`.
 */
function compareSpecificity<T>(a: ParsedRoute<T>, b: ParsedRoute<T>): number {
  for (let i = 0; i < Math.min(a.segments.length, b.segments.length); i++) {
    const difference = segmentRank(a.segments[i]) - segmentRank(b.segments[i]);
    if (difference !== 0) return difference;
  }
  return methodRank(a) - methodRank(b);
}

/** 0 for a route of one method, 1 for `ANY` (lower is more specific). */
function methodRank<T>(route: ParsedRoute<T>): number {
  return route.method === 'ANY' ? 1 : 0;
}

export class RouteMatcher<T> {
  private readonly routes: ParsedRoute<T>[];
  private readonly defaultRoute?: T;

  constructor(routes: ReadonlyArray<{ readonly routeKey: string; readonly route: T }>) {
    const parsed: ParsedRoute<T>[] = [];
    let defaultRoute: T | undefined;
    for (const { routeKey, route } of routes) {
      if (routeKey === '$default') {
        defaultRoute = route;
        continue;
      }
      const match = /^([A-Z]+) (\/.*)$/.exec(routeKey);
      if (!match) throw new Error(`route key "${routeKey}" is not "METHOD /path" or "$default"`);
      parsed.push({ route, routeKey, method: match[1], segments: splitPath(match[2]) });
    }
    this.routes = parsed.sort(compareSpecificity);
    this.defaultRoute = defaultRoute;
  }

  /** The route API Gateway would select for `method` and the request's path (no query string). */
  match(method: string, path: string): RouteMatch<T> | undefined {
    const requestSegments = splitPath(path.startsWith('/') ? path : `/${path}`);
    for (const candidate of this.routes) {
      if (candidate.method !== 'ANY' && candidate.method !== method) continue;
      const parameters = matchSegments(candidate.segments, requestSegments);
      if (parameters) {
        return {
          route: candidate.route,
          routeKey: candidate.routeKey,
          pathParameters: Object.keys(parameters).length ? parameters : undefined,
        };
      }
    }
    return this.defaultRoute === undefined ? undefined : { route: this.defaultRoute, routeKey: '$default' };
  }
}

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
  for (let i = 0; i < routeSegments.length; i++) {
    const segment = routeSegments[i];
    const rank = segmentRank(segment);
    if (rank === 2) {
      const rest = requestSegments.slice(i);
      // A greedy variable needs at least one non-empty segment after its parent.
      if (rest.length === 0 || rest.join('/') === '') return undefined;
      parameters[segment.slice(1, -2)] = rest.map(decodeURIComponent).join('/');
      return parameters;
    }
    if (i >= requestSegments.length) return undefined;
    if (rank === 1) {
      if (requestSegments[i] === '') return undefined;
      parameters[segment.slice(1, -1)] = decodeURIComponent(requestSegments[i]);
    } else if (segment !== requestSegments[i]) {
      return undefined;
    }
  }
  return routeSegments.length === requestSegments.length ? parameters : undefined;
}

/** -1 when `a` is more specific than `b`. */
function compareSpecificity<T>(a: ParsedRoute<T>, b: ParsedRoute<T>): number {
  for (let i = 0; i < Math.min(a.segments.length, b.segments.length); i++) {
    const difference = segmentRank(a.segments[i]) - segmentRank(b.segments[i]);
    if (difference !== 0) return difference;
  }
  if (a.segments.length !== b.segments.length) return b.segments.length - a.segments.length;
  return Number(a.method === 'ANY') - Number(b.method === 'ANY');
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

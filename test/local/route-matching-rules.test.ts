import { RouteMatcher } from '../../src/local/api/route-matcher';

/**
 * The local runner's route selection, one row per decision. [R] is AWS's "Create routes for HTTP APIs
 * in API Gateway" (HTTP API developer guide): path variables ("`GET /pets/{petID}` catches
 * `/pets/6`"), greedy path variables ("catches all child resources of a route"; "must be at the end
 * of the resource path"), `ANY` ("match all methods that you haven't defined for a resource"),
 * `$default` ("catches requests that don't explicitly match other routes in your API"), and
 * "Routing API requests" (a full match of route and method first, then a route with a greedy path
 * variable, then `$default`). Rows marked [runner] are the runner's own reading where the guide is
 * silent. Each row builds its matcher twice, from the routes in declaration order and reversed: the
 * winner never depends on the order the routes were declared in.
 */

interface Row {
  readonly rule: string;
  readonly routes: string[];
  readonly request: string;
  /** The selected route key; undefined when none (404). */
  readonly expected?: string;
  readonly pathParameters?: Record<string, string>;
}

const rows: Row[] = [
  // Literal paths
  { rule: '[R] a route is a method and a path: GET /pets takes GET /pets', routes: ['GET /pets'], request: 'GET /pets', expected: 'GET /pets' },
  { rule: '[R] … and not another method', routes: ['GET /pets'], request: 'POST /pets' },
  { rule: '[R] … nor a longer path (no greedy variable)', routes: ['GET /pets'], request: 'GET /pets/6' },
  { rule: '[R] … nor a shorter one', routes: ['GET /pets/dog'], request: 'GET /pets' },
  { rule: '[R] segments compare exactly (a literal is no prefix match)', routes: ['GET /pets'], request: 'GET /petshop' },
  { rule: '[R] the root path is a route of its own', routes: ['GET /', 'GET /pets'], request: 'GET /', expected: 'GET /' },
  { rule: '[runner] a path read without its leading "/" is taken from the root', routes: ['GET /pets'], request: 'GET pets', expected: 'GET /pets' },

  // Path variables
  { rule: '[R] {petID} catches one segment: GET /pets/{petID} takes /pets/6', routes: ['GET /pets/{petID}'], request: 'GET /pets/6', expected: 'GET /pets/{petID}', pathParameters: { petID: '6' } },
  { rule: '[R] {petID} does not take the parent path /pets', routes: ['GET /pets/{petID}'], request: 'GET /pets' },
  { rule: '[R] {petID} does not take an empty segment: /pets/ does not reach /pets/{petID}', routes: ['GET /pets/{petID}'], request: 'GET /pets/' },
  { rule: '[R] {petID} takes one segment only, not two', routes: ['GET /pets/{petID}'], request: 'GET /pets/6/toys' },
  { rule: '[R] several variables, each one segment', routes: ['DELETE /users/{user}/keys/{key}'], request: 'DELETE /users/u1/keys/k2', expected: 'DELETE /users/{user}/keys/{key}', pathParameters: { user: 'u1', key: 'k2' } },
  { rule: '[R] "API Gateway decodes URL-encoded request parameters"', routes: ['GET /pets/{petID}'], request: 'GET /pets/a%20b', expected: 'GET /pets/{petID}', pathParameters: { petID: 'a b' } },
  { rule: '[R] a literal segment after a variable must match too', routes: ['POST /pets/{id}/toys'], request: 'POST /pets/6/food' },
  { rule: '[runner] a segment is a variable only as a whole: x{id} is a literal', routes: ['GET /a/x{id}'], request: 'GET /a/x7' },
  { rule: '[runner] … and {id}x as well', routes: ['GET /a/{id}x'], request: 'GET /a/7x' },
  { rule: '[runner] … which matches only itself', routes: ['GET /a/x{id}'], request: 'GET /a/x{id}', expected: 'GET /a/x{id}' },

  // Greedy path variables
  { rule: '[R] {proxy+} catches all child resources, decoded per segment', routes: ['GET /pets/{proxy+}'], request: 'GET /pets/6/photos/a%20b', expected: 'GET /pets/{proxy+}', pathParameters: { proxy: '6/photos/a b' } },
  { rule: '[R] {proxy+} catches a single child', routes: ['GET /pets/{proxy+}'], request: 'GET /pets/6', expected: 'GET /pets/{proxy+}', pathParameters: { proxy: '6' } },
  { rule: '[R] {proxy+} catches child resources, not its parent /pets', routes: ['GET /pets/{proxy+}'], request: 'GET /pets' },
  { rule: '[R] … nor the parent with a trailing "/" (an empty remainder)', routes: ['GET /pets/{proxy+}'], request: 'GET /pets/' },
  { rule: '[runner] … but a remainder of empty segments is passed as it is', routes: ['GET /pets/{proxy+}'], request: 'GET /pets//', expected: 'GET /pets/{proxy+}', pathParameters: { proxy: '/' } },
  { rule: '[R] ANY /{proxy+} takes every path below the root', routes: ['ANY /{proxy+}'], request: 'PUT /pets/7', expected: 'ANY /{proxy+}', pathParameters: { proxy: 'pets/7' } },
  { rule: '[R] … but not the root itself', routes: ['ANY /{proxy+}'], request: 'GET /' },
  { rule: '[runner] a segment is greedy only as a whole: x{proxy+} is a literal', routes: ['GET /a/x{proxy+}'], request: 'GET /a/x1/2' },
  { rule: '[runner] … and {proxy+}x as well', routes: ['GET /a/{proxy+}x'], request: 'GET /a/1/2x' },

  // Priorities
  { rule: '[R] a full match beats a greedy variable', routes: ['GET /pets/{proxy+}', 'GET /pets/dog'], request: 'GET /pets/dog', expected: 'GET /pets/dog' },
  { rule: '[R] a literal segment beats a variable', routes: ['GET /pets/{id}', 'GET /pets/dog'], request: 'GET /pets/dog', expected: 'GET /pets/dog' },
  { rule: '[R] a variable (full match) beats a greedy variable', routes: ['GET /pets/{proxy+}', 'GET /pets/{id}'], request: 'GET /pets/6', expected: 'GET /pets/{id}', pathParameters: { id: '6' } },
  { rule: '[R] the more specific segment decides first, left to right', routes: ['GET /{a}/dog', 'GET /pets/{b}'], request: 'GET /pets/dog', expected: 'GET /pets/{b}', pathParameters: { b: 'dog' } },
  { rule: '[R] a deeper greedy route beats a shallower one', routes: ['ANY /{proxy+}', 'GET /pets/{proxy+}'], request: 'GET /pets/6/toys', expected: 'GET /pets/{proxy+}', pathParameters: { proxy: '6/toys' } },
  { rule: '[R] a route with the request\'s method beats ANY on the same path', routes: ['ANY /pets', 'GET /pets'], request: 'GET /pets', expected: 'GET /pets' },
  { rule: '[R] ANY takes the methods no other route of the path defines', routes: ['ANY /pets', 'GET /pets'], request: 'POST /pets', expected: 'ANY /pets' },
  { rule: '[R] … with variables too', routes: ['ANY /pets/{id}', 'GET /pets/{id}'], request: 'DELETE /pets/6', expected: 'ANY /pets/{id}', pathParameters: { id: '6' } },
  { rule: '[R] a method route of one path never takes another method', routes: ['GET /pets/{id}', 'ANY /{proxy+}'], request: 'POST /pets/6', expected: 'ANY /{proxy+}', pathParameters: { proxy: 'pets/6' } },
  { rule: '[R] $default catches what no route matches', routes: ['$default', 'GET /pets'], request: 'GET /toys', expected: '$default' },
  { rule: '[R] $default comes last, after every route, greedy ones included', routes: ['$default', 'ANY /{proxy+}'], request: 'GET /pets', expected: 'ANY /{proxy+}', pathParameters: { proxy: 'pets' } },
  { rule: '[R] $default takes the root when {proxy+} cannot', routes: ['$default', 'ANY /{proxy+}'], request: 'GET /', expected: '$default' },
  { rule: '[R] no route and no $default: no match (API Gateway answers 404 Not Found)', routes: ['GET /pets'], request: 'GET /toys' },
];

function select(routes: string[], request: string) {
  const [method, path] = request.split(' ');
  return new RouteMatcher(routes.map((routeKey) => ({ routeKey, route: `route:${routeKey}` }))).match(method, path);
}

test.each(rows)('$rule', ({ routes, request, expected, pathParameters }) => {
  for (const order of [routes, [...routes].reverse()]) {
    const match = select(order, request);
    if (expected === undefined) {
      expect(match).toBeUndefined();
    } else {
      expect(match).toEqual({ route: `route:${expected}`, routeKey: expected, pathParameters });
    }
  }
});

test('[R] a method route beats ANY in an API of any size (40 paths, each with GET and ANY, declared in mixed order)', () => {
  const routes = Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? [`GET /r${i}/{id}`, `ANY /r${i}/{id}`] : [`ANY /r${i}/{id}`, `GET /r${i}/{id}`])).flat();
  for (let i = 0; i < 40; i++) {
    expect(select(routes, `GET /r${i}/1`)?.routeKey).toBe(`GET /r${i}/{id}`);
    expect(select(routes, `POST /r${i}/1`)?.routeKey).toBe(`ANY /r${i}/{id}`);
  }
});

test('a path parameter that is not valid percent-encoding throws (the runner answers 400 Bad Request)', () => {
  expect(() => select(['GET /pets/{id}'], 'GET /pets/%E0')).toThrow(URIError);
  expect(() => select(['GET /pets/{proxy+}'], 'GET /pets/%E0')).toThrow(URIError);
});

test.each([
  ['a lower-case method', 'get /pets'],
  ['no path', 'GET'],
  ['a path without "/"', 'GET pets'],
  ['text before the method', ' GET /pets'],
  ['text after the path, on another line', 'GET /pets\nPOST /toys'],
])('a route key that is not "METHOD /path" or "$default" (%s) is refused', (_name, routeKey) => {
  expect(() => new RouteMatcher([{ routeKey, route: 1 }])).toThrow(`route key "${routeKey}" is not "METHOD /path" or "$default"`);
});

import { RouteMatcher } from '../../src/local/api/route-matcher';

/** API Gateway's route selection ("Working with routes for HTTP APIs": "Routing API requests"). */

const matcher = new RouteMatcher([
  '$default', 'ANY /{proxy+}', 'GET /pets', 'ANY /pets', 'GET /pets/{id}', 'GET /pets/dog', 'GET /pets/{proxy+}',
  'POST /pets/{id}/toys', 'DELETE /users/{user}/keys/{key}',
].map((routeKey) => ({ routeKey, route: routeKey })));

test.each([
  ['GET', '/pets', 'GET /pets', undefined, 'a route with the method beats ANY on the same path'],
  ['POST', '/pets', 'ANY /pets', undefined, 'ANY takes the other methods'],
  ['GET', '/pets/dog', 'GET /pets/dog', undefined, 'a literal segment beats {param}'],
  ['GET', '/pets/7', 'GET /pets/{id}', { id: '7' }, '{param} matches one segment'],
  ['GET', '/pets/a%20b', 'GET /pets/{id}', { id: 'a b' }, 'path parameters are decoded'],
  ['GET', '/pets/7/photos/1', 'GET /pets/{proxy+}', { proxy: '7/photos/1' }, '{proxy+} is greedy and ranks below {param}'],
  ['POST', '/pets/7/toys', 'POST /pets/{id}/toys', { id: '7' }, 'a full match beats a greedy one'],
  ['DELETE', '/users/u1/keys/k2', 'DELETE /users/{user}/keys/{key}', { user: 'u1', key: 'k2' }, 'several parameters'],
  ['PUT', '/pets/7', 'ANY /{proxy+}', { proxy: 'pets/7' }, 'a greedy ANY catches what no method route does'],
  ['GET', '/', '$default', undefined, '$default catches what nothing else matches ({proxy+} needs a segment)'],
])('%s %s → %s (%s)', (method, path, routeKey, pathParameters, _rule) => {
  expect(matcher.match(method, path)).toEqual({ route: routeKey, routeKey, pathParameters });
});

test('without $default, an unmatched request has no route (API Gateway answers 404)', () => {
  expect(new RouteMatcher([{ routeKey: 'GET /a', route: 1 }]).match('GET', '/b')).toBeUndefined();
});

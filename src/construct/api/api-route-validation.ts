import { Token } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { ApiRouteOptions } from './api-route';
import { RouteRecord } from '../authorization/authorization-checks';
import { fail, validateMethods, validateRoutePath } from '../validation/check-helpers';

/* Checks of a route before it is created. */

/** Checks a route before it is created: path, methods, no method and path declared twice. */
export function validateRoute(where: string, route: ApiRouteOptions, methods: apigwv2.HttpMethod[], existing: RouteRecord[]): void {
  validateRoutePath(`${where}.path`, route.path);
  validateMethods(`${where}.methods`, methods);
  for (const method of methods) {
    if (existing.some((r) => r.method === method && r.path === route.path)) {
      fail(where, `route ${method} ${route.path} is declared twice; declare each method and path once.`);
    }
  }
  for (const scope of route.authorization?.scopes ?? []) {
    if (!Token.isUnresolved(scope) && !/^[\x21\x23-\x5B\x5D-\x7E]+$/.test(scope)) {
      fail(`${where}.authorization`, `scope "${scope}" has characters no token scope can have (spaces, quotes or backslashes).`);
    }
  }
}

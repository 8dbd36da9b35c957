import { Token } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { ApiRouteOptions } from './api-route';
import { RouteThrottle } from './route-throttle';
import { RouteRecord } from '../authorization/authorization-checks';
import { fail, validateMethods, validateRoutePath } from '../validation/check-helpers';
import { ACCOUNT_BURST_LIMIT, ACCOUNT_RATE_LIMIT } from '../validation/quotas';

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

/**
 * A route's throttle: from 0 to the stage's throttle, and to API Gateway's default account quota
 * (10,000 requests per second with a burst of 5,000 per Region; "Amazon API Gateway quotas",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html).
 */
export function validateRouteThrottle(prop: string, path: string, throttle: RouteThrottle, stage: RouteThrottle): void {
  const rate = bound(throttle.rateLimit, stage.rateLimit, 'throttlingRateLimit', ACCOUNT_RATE_LIMIT);
  if (rate && !(throttle.rateLimit >= 0 && throttle.rateLimit <= rate.max)) {
    fail(`${prop}.rateLimit`, `is ${throttle.rateLimit} on route ${path}; give requests per second from 0 to ${rate.max} (${rate.why}).`);
  }
  const burst = bound(throttle.burstLimit, stage.burstLimit, 'throttlingBurstLimit', ACCOUNT_BURST_LIMIT);
  if (burst && !(Number.isInteger(throttle.burstLimit) && throttle.burstLimit >= 0 && throttle.burstLimit <= burst.max)) {
    fail(`${prop}.burstLimit`, `is ${throttle.burstLimit} on route ${path}; give a whole number of requests from 0 to ${burst.max} (${burst.why}).`);
  }
}

/** The tighter of the stage's limit and the account quota, or nothing to check when the value is a token. */
function bound(value: number, stageLimit: number, stageProp: string, quota: number): { max: number; why: string } | undefined {
  if (Token.isUnresolved(value)) return undefined;
  if (Token.isUnresolved(stageLimit) || stageLimit > quota) {
    return { max: quota, why: 'API Gateway\'s default account quota per Region' };
  }
  return { max: stageLimit, why: `the stage's ${stageProp}` };
}

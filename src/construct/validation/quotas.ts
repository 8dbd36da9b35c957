import { Token } from 'aws-cdk-lib';
import { TokenAuthorizerKind } from '../authorization/token-authorizer';
import { CognitoProtectedHttpApiProps } from '../cognito-protected-http-api-props';
import { fail } from './check-helpers';

/**
 * AWS quotas the construct can check at synth, which otherwise fail only at deploy (or silently cap).
 * Raisable quotas give warnings, hard limits errors; each message says the limit and the fix.
 */

/** Routes per HTTP API: the default quota (raisable in Service Quotas). */
export const ROUTES_PER_API = 300;
/** Lambda: all environment variables of a function together, in bytes (hard limit). */
export const LAMBDA_ENVIRONMENT_BYTES = 4096;
/** Lambda: a function's resource-based policy, in bytes (hard limit). */
export const LAMBDA_POLICY_BYTES = 20 * 1024;
/**
 * One API's invoke statement in that policy, as Lambda writes it (statement id, principal, the
 * function's ARN, SourceArn and SourceAccount conditions): about 420 bytes with names of usual length.
 */
export const API_INVOKE_STATEMENT_BYTES = 420;

/** HTTP API: scopes an authorizer checks per route (hard limit). */
export const SCOPES_PER_ROUTE = 10;
/** HTTP API: audiences of one JWT authorizer (hard limit). */
export const AUDIENCES_PER_JWT_AUTHORIZER = 50;

/** API Gateway's default account-level throttling per region (raisable), in most regions. */
export const ACCOUNT_RATE_LIMIT = 10_000;
export const ACCOUNT_BURST_LIMIT = 5_000;
/** ... and in the regions of {@link LOW_THROTTLE_REGIONS}. */
export const LOW_ACCOUNT_RATE_LIMIT = 2_500;
export const LOW_ACCOUNT_BURST_LIMIT = 1_250;
/**
 * The regions whose default account throttle is 2,500 requests per second with a burst of 1,250
 * (AWS, "Amazon API Gateway quotas", read 2026-12-02): Cape Town, Milan, Jakarta, UAE, Hyderabad,
 * Melbourne, Spain, Zurich, Tel Aviv, Calgary, Malaysia, Thailand, Mexico (Central).
 */
export const LOW_THROTTLE_REGIONS: readonly string[] = [
  'af-south-1', 'eu-south-1', 'ap-southeast-3', 'me-central-1', 'ap-south-2', 'ap-southeast-4', 'eu-south-2',
  'eu-central-2', 'il-central-1', 'ca-west-1', 'ap-southeast-5', 'ap-southeast-7', 'mx-central-1',
];

/** Warnings for quotas that AWS lets you raise. `region` may be a token (an environment-agnostic stack). */
export function quotaWarnings(routeCount: number, rateLimit: number, burstLimit: number, region: string): string[] {
  const warnings: string[] = [];
  if (routeCount > ROUTES_PER_API) {
    warnings.push(`the API has ${routeCount} routes, more than API Gateway's default quota of ${ROUTES_PER_API} routes per HTTP API; the deploy fails unless the quota "Routes per API" is raised in Service Quotas for this account and region first, or split the routes over several APIs.`);
  }
  const throttle = throttleWarning(rateLimit, burstLimit, region);
  if (throttle) warnings.push(throttle);
  return warnings;
}

function throttleWarning(rate: number, burst: number, region: string): string | undefined {
  const props = `throttlingRateLimit ${rate} / throttlingBurstLimit ${burst}`;
  const fix = 'raise the account quota (Service Quotas), or lower the props.';
  const passes = (rateLimit: number, burstLimit: number) => rate > rateLimit || burst > burstLimit;
  const low = `${LOW_ACCOUNT_RATE_LIMIT} requests per second and a burst of ${LOW_ACCOUNT_BURST_LIMIT}`;
  if (Token.isUnresolved(region)) {
    if (!passes(LOW_ACCOUNT_RATE_LIMIT, LOW_ACCOUNT_BURST_LIMIT)) return undefined;
    const regions = LOW_THROTTLE_REGIONS.join(', ');
    return passes(ACCOUNT_RATE_LIMIT, ACCOUNT_BURST_LIMIT)
      ? `${props} pass the account's default API Gateway throttling quota of ${low} in ${regions}, and of ${ACCOUNT_RATE_LIMIT} and ${ACCOUNT_BURST_LIMIT} in the other regions, which caps the stage anyway; ${fix}`
      : `${props} pass the account's default API Gateway throttling quota of ${low} in ${regions} (${ACCOUNT_RATE_LIMIT} and ${ACCOUNT_BURST_LIMIT} in the other regions); the stack's region is not known at synth, and in those regions the account quota caps the stage anyway; give the stack its region (env), ${fix}`;
  }
  if (LOW_THROTTLE_REGIONS.includes(region)) {
    return passes(LOW_ACCOUNT_RATE_LIMIT, LOW_ACCOUNT_BURST_LIMIT)
      ? `${props} pass the account's default API Gateway throttling quota of ${low} in ${region} (${ACCOUNT_RATE_LIMIT} and ${ACCOUNT_BURST_LIMIT} in most regions), which caps the stage anyway; ${fix}`
      : undefined;
  }
  return passes(ACCOUNT_RATE_LIMIT, ACCOUNT_BURST_LIMIT)
    ? `${props} pass the account's default API Gateway throttling quota of ${ACCOUNT_RATE_LIMIT} requests per second and a burst of ${ACCOUNT_BURST_LIMIT} in ${region}, which caps the stage anyway; ${fix}`
    : undefined;
}

/**
 * A route's scopes as API Gateway's JWT authorizer checks them (one `group:<name>` scope per group):
 * at most 10. Not for the Lambda authorizer, which reads the requirements from its code asset.
 */
export function checkScopesPerRoute(prop: string, scopes: number, groups: number): void {
  const quota = `API Gateway's JWT authorizer checks at most ${SCOPES_PER_ROUTE} scopes per route, a quota that cannot be raised.`;
  if (groups > SCOPES_PER_ROUTE) {
    fail(prop, `requires ${groups} groups, one group:<name> scope each; ${quota} A user needs only one of the groups: give the callers a group that covers the route, or use TokenAuthorizer.lambdaAuthorizer(), which reads cognito:groups and has no such quota.`);
  }
  if (scopes + groups > SCOPES_PER_ROUTE) {
    fail(prop, `requires ${scopes + groups} scopes; ${quota} A token needs only one of them: give the callers a scope that covers the route, or use TokenAuthorizer.lambdaAuthorizer(), which has no such quota.`);
  }
}

/** A JWT authorizer's audience: at most 50 entries. */
export function checkOidcAudiences(audiences: number): void {
  if (audiences > AUDIENCES_PER_JWT_AUTHORIZER) {
    fail('tokenAuthorizer', `the OIDC issuer has ${audiences} audiences, more than API Gateway's quota of ${AUDIENCES_PER_JWT_AUTHORIZER} audiences per JWT authorizer, which cannot be raised; split them over several APIs, or use TokenAuthorizer.lambdaAuthorizer({ trustUserPool: false, issuers: [...] }), which has no such quota.`);
  }
}

/**
 * The user-pool JWT authorizer's audience, counted at synth (machine clients may be added after the
 * routes): the brought clients or the user client, plus the machine clients. At most 50. (The Lambda
 * authorizer's audience is in its environment, which has its own check.)
 */
export function userPoolAudienceErrors(kind: TokenAuthorizerKind, props: CognitoProtectedHttpApiProps, machine: number): string[] {
  if (kind !== TokenAuthorizerKind.USER_POOL) return [];
  const brought = props.userPoolClients?.length ?? 0;
  const userClient = props.userPoolClients === undefined;
  const total = brought + (userClient ? 1 : 0) + machine;
  if (total <= AUDIENCES_PER_JWT_AUTHORIZER) return [];
  const parts = [
    ...(brought ? [`${brought} from userPoolClients`] : []),
    ...(userClient ? ['the user client'] : []),
    ...(machine ? [`${machine} machine clients`] : []),
  ];
  const prop = machine ? (brought ? 'userPoolClients, machineClients' : 'machineClients') : 'userPoolClients';
  const fix = machine ? 'give some of the machine clients an API of their own' : 'bring fewer clients to this API';
  return [`CognitoProtectedHttpApi: ${prop}: the JWT authorizer would accept ${total} app clients (${parts.join(' and ')}), more than API Gateway's quota of ${AUDIENCES_PER_JWT_AUTHORIZER} audiences per JWT authorizer, which cannot be raised; ${fix}, or use TokenAuthorizer.lambdaAuthorizer(), which has no such quota.`];
}

/** The size Lambda counts for a function's environment: every key and value, as UTF-8 bytes. */
export function environmentBytes(variables: Record<string, string>): number {
  return Object.entries(variables).reduce((sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(value), 0);
}

/**
 * A function that many APIs invoke: each API adds a statement to its resource-based policy, which
 * Lambda does not let grow past 20 KB. Only an estimate (other statements and name lengths vary), so a
 * warning rather than an error.
 */
export function invokePolicyWarning(apiCount: number): string | undefined {
  const estimate = apiCount * API_INVOKE_STATEMENT_BYTES;
  if (estimate <= LAMBDA_POLICY_BYTES) return undefined;
  return `this function is the handler of ${apiCount} HTTP APIs: each API adds an invoke statement of about ${API_INVOKE_STATEMENT_BYTES} bytes to its resource-based policy (${estimate} bytes together), and Lambda refuses a policy over ${LAMBDA_POLICY_BYTES} bytes at deploy; give groups of APIs their own function (or their own alias or version, which has its own policy).`;
}

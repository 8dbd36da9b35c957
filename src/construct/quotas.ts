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

/** API Gateway's default account-level throttling per region (raisable). */
export const ACCOUNT_RATE_LIMIT = 10_000;
export const ACCOUNT_BURST_LIMIT = 5_000;

/** Warnings for quotas that AWS lets you raise. */
export function quotaWarnings(routeCount: number, rateLimit: number, burstLimit: number): string[] {
  const warnings: string[] = [];
  if (routeCount > ROUTES_PER_API) {
    warnings.push(`the API has ${routeCount} routes, more than API Gateway's default quota of ${ROUTES_PER_API} routes per HTTP API; the deploy fails unless the quota "Routes per API" is raised in Service Quotas for this account and region first, or split the routes over several APIs.`);
  }
  if (rateLimit > ACCOUNT_RATE_LIMIT || burstLimit > ACCOUNT_BURST_LIMIT) {
    warnings.push(`throttlingRateLimit ${rateLimit} / throttlingBurstLimit ${burstLimit} pass the account's default API Gateway throttling quota of ${ACCOUNT_RATE_LIMIT} requests per second and a burst of ${ACCOUNT_BURST_LIMIT} per region, which caps the stage anyway; raise the account quota, or lower the props.`);
  }
  return warnings;
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

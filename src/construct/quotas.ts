/**
 * AWS quotas the construct can check at synth, which otherwise fail only at deploy (or silently cap).
 * Raisable quotas give warnings, hard limits errors; each message says the limit and the fix.
 */

/** Routes per HTTP API: the default quota (raisable in Service Quotas). */
export const ROUTES_PER_API = 300;
/** Lambda: all environment variables of a function together, in bytes (hard limit). */
export const LAMBDA_ENVIRONMENT_BYTES = 4096;
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

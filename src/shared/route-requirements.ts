import type { RouteRequirements } from './authorizer-config';

/*
 * A route's requirements beyond a valid token (scopes, groups, claims), checked against a token's
 * claims: by the shipped Lambda authorizer (src/handlers/jwt-authorizer) when it decides, and by
 * `check-access` (src/local) when it says what a caller should get. One rule for both.
 */

/** Which requirement a token does not meet. */
export type UnmetRequirement = 'scope_missing' | 'group_missing' | 'claim_mismatch';

/** Claim values as a list of strings: a string, a space-separated string (scopes) or an array. */
function claimList(value: unknown, spaceSeparated: boolean): string[] {
  if (typeof value === 'string') return spaceSeparated ? value.split(' ').filter(Boolean) : [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/** OAuth scopes: `scope` (space-separated, RFC 8693) or `scp` (string or array), as API Gateway reads them. */
export function tokenScopes(payload: Record<string, unknown>): string[] {
  return [...claimList(payload.scope, true), ...claimList(payload.scp, true)];
}

/** Groups: Cognito's `cognito:groups`, else a generic `groups` claim. */
export function tokenGroups(payload: Record<string, unknown>): string[] {
  const cognitoGroups = payload['cognito:groups'];
  return claimList(cognitoGroups !== undefined ? cognitoGroups : payload.groups, false);
}

/** The first route requirement the verified token does not meet, or undefined if it meets them all. */
export function unmetRequirement(
  requirements: RouteRequirements | undefined,
  payload: Record<string, unknown>,
  groups: string[],
): UnmetRequirement | undefined {
  if (requirements === undefined) return undefined;
  const { scopes, claims } = requirements;
  if (scopes !== undefined) {
    const granted = tokenScopes(payload);
    if (!scopes.some((s) => granted.includes(s))) return 'scope_missing';
  }
  if (requirements.groups !== undefined && !requirements.groups.some((g) => groups.includes(g))) {
    return 'group_missing';
  }
  if (claims !== undefined) {
    for (const name of Object.keys(claims)) {
      const value = payload[name];
      // Scalars only: an array or object claim never equals a configured value.
      const scalar = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
      if (scalar === undefined || !claims[name].includes(scalar)) return 'claim_mismatch';
    }
  }
  return undefined;
}

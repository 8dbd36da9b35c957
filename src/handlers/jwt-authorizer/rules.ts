import type { RouteRequirements } from '../../shared/authorizer-config';

/** Why a request was denied: a stable code for logs and dashboards (never token content). */
export type DenyReason =
  | 'config_invalid'
  | 'no_token'
  | 'malformed_header'
  | 'malformed_token'
  | 'issuer_not_allowed'
  | 'signature_algorithm_not_allowed'
  | 'signature_invalid'
  | 'kid_missing'
  | 'kid_unknown'
  | 'jwks_refetch_rate_limited'
  | 'jwks_unavailable'
  | 'jwk_invalid'
  | 'expired'
  | 'exp_missing'
  | 'not_yet_valid'
  | 'issued_in_future'
  | 'crit_not_understood'
  | 'audience_not_allowed'
  | 'token_use_not_allowed'
  | 'claim_invalid'
  | 'scope_missing'
  | 'group_missing'
  | 'claim_mismatch'
  | 'internal_error';

const BEARER_PREFIX = /^bearer[ \t]+/i;
/** Far above any real token (API Gateway caps request headers well below this). */
const MAX_HEADER_LENGTH = 16 * 1024;

/**
 * The token in an `Authorization` header value: `Bearer <jwt>` (any case) or a bare JWT.
 * Returns a deny reason when there is none or the value cannot be one JWT (no two dots, or several
 * words: another scheme, or several comma-joined headers). The strict JWS syntax check is
 * aws-jwt-verify's (`decomposeUnverifiedJwt`), not repeated here.
 */
export function extractToken(header: string | undefined): string | { deny: DenyReason } {
  if (typeof header !== 'string') return { deny: 'no_token' };
  let value = header.trim();
  if (value === '') return { deny: 'no_token' };
  if (value.length > MAX_HEADER_LENGTH) return { deny: 'malformed_header' };
  const prefix = BEARER_PREFIX.exec(value);
  if (prefix !== null) value = value.slice(prefix[0].length);
  const firstDot = value.indexOf('.');
  if (firstDot < 1 || value.indexOf('.', firstDot + 1) < 0 || /[\s,]/.test(value)) return { deny: 'malformed_header' };
  return value;
}

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
): DenyReason | undefined {
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

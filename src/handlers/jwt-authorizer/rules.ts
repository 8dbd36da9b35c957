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

export { tokenGroups, tokenScopes, unmetRequirement } from '../../shared/route-requirements';

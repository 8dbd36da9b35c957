import { Caller } from './callers';
import { AccessMetadata } from '../../../shared/access-metadata';
import { tokenGroups, unmetRequirement } from '../../../shared/route-requirements';

/**
 * What a caller should get from a route, by the route's declared access: 401 (no valid token), 403
 * (a valid token that lacks a scope or group), or `reached` (any other status: the handler answered).
 * API Gateway's JWT authorizer answers 401 for a missing or invalid token and 403 when the token
 * carries none of the route's scopes
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html); a Lambda
 * authorizer's denial is 403, 401 only without the identity source
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html).
 */
export type AnswerClass = '401' | '403' | 'reached';

/** The scope every token of the Cognito API's user sign-in carries. */
const SIGN_IN_SCOPE = 'aws.cognito.signin.user.admin';

export function answerClass(status: number): AnswerClass {
  return status === 401 ? '401' : status === 403 ? '403' : 'reached';
}

/** The expected answer, or undefined when the template does not say enough to tell. */
export function expectedAnswer(declared: AccessMetadata, caller: Caller): AnswerClass | undefined {
  if (declared.kind === 'public' || declared.kind === 'preflight') return 'reached';
  if (caller.kind === 'none') return '401';
  // A Lambda authorizer's "not authorized" is 403 (API Gateway answers 401 only for a missing identity source).
  if (caller.kind === 'malformed' || caller.kind === 'expired') return declared.authorizer === 'lambda' ? '403' : '401';
  // An API that trusts another OIDC issuer takes none of the pool's tokens (this tool's callers) as valid.
  if (declared.authorizer === 'oidcIssuer') return '401';
  switch (declared.kind) {
    case 'signedIn':
      return 'reached';
    case 'scopes':
      // ID tokens carry no `scope` claim; the Lambda authorizer reads the same claim.
      if (caller.kind === 'idToken') return '403';
      if (caller.kind === 'machine') return declared.machineClients.includes(caller.machineClient!) ? 'reached' : '403';
      return declared.scopes.includes(SIGN_IN_SCOPE) ? 'reached' : '403';
    case 'groups': {
      const member = caller.groups.some((group) => declared.groups.includes(group));
      // The JWT authorizer checks the group scopes of access tokens; the Lambda authorizer reads `cognito:groups`.
      if (caller.kind === 'idToken') return declared.authorizer === 'lambda' && member ? 'reached' : '403';
      return member ? 'reached' : '403';
    }
    case 'claims':
      return claimsAnswer(declared, caller);
    default:
      return undefined;
  }
}

/**
 * A route that requires claims (and perhaps scopes), behind the Lambda authorizer: what the caller's
 * token carries decides, by the authorizer's own rule (src/shared/route-requirements.ts). Undefined
 * for a template written before the metadata held the claims.
 */
function claimsAnswer(declared: AccessMetadata, caller: Caller): AnswerClass | undefined {
  if (!declared.claims || !caller.token) return undefined;
  const payload = JSON.parse(Buffer.from(caller.token.split('.')[1], 'base64url').toString('utf-8'));
  const requirements = {
    scopes: declared.scopes.length ? [...declared.scopes] : undefined,
    claims: Object.fromEntries(Object.entries(declared.claims).map(([name, values]) => [name, [...values]])),
  };
  return unmetRequirement(requirements, payload, tokenGroups(payload)) ? '403' : 'reached';
}

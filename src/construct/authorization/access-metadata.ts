import { Lazy } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { RouteAuthorization } from './route-authorization';
import { TokenAuthorizerKind } from './token-authorizer';
import { ACCESS_METADATA_KEY } from '../../shared/access-metadata';

/** Whose tokens the route's authorizer checks, as the metadata names it. */
const AUTHORIZER_NAMES: Record<TokenAuthorizerKind, string> = {
  [TokenAuthorizerKind.USER_POOL]: 'userPool',
  [TokenAuthorizerKind.OIDC_ISSUER]: 'oidcIssuer',
  [TokenAuthorizerKind.LAMBDA]: 'lambda',
};

/** The kind of access a route declares: the most specific requirement wins. */
export function accessKind(authorization: RouteAuthorization): string {
  if (authorization.isPublic) return 'public';
  if (authorization.isIam) return 'iam';
  if (authorization.claims.length > 0) return 'claims';
  if (authorization.groups.length > 0) return 'groups';
  return authorization.scopes.length > 0 ? 'scopes' : 'signedIn';
}

/**
 * Records the declared access on each route's `AWS::ApiGatewayV2::Route`. `machineClients` names
 * the machine clients holding one of the route's scopes, `grantees` the principals allowed to call
 * an IAM route (by route key); both are computed at synth, so clients and grants added later count.
 */
export function recordAccess(
  routes: Array<{ route: apigwv2.HttpRoute; key: string }>, authorization: RouteAuthorization, authorizer: TokenAuthorizerKind,
  machineClients: () => ReadonlyMap<string, readonly string[]>, grantees: (key: string) => readonly iam.IGrantable[],
  kind = accessKind(authorization),
): void {
  for (const { route, key } of routes) {
    (route.node.defaultChild as apigwv2.CfnRoute).addMetadata(ACCESS_METADATA_KEY, {
      kind,
      scopes: [...authorization.scopes],
      groups: [...authorization.groups],
      machineClients: Lazy.list({
        produce: () => [...machineClients()]
          .filter(([, scopes]) => scopes.some((scope) => authorization.scopes.includes(scope)))
          .map(([name]) => name),
      }, { omitEmpty: false }),
      ...(authorization.isPublic ? {} : { authorizer: authorization.isIam ? 'iam' : AUTHORIZER_NAMES[authorizer] }),
      ...(authorization.isIam
        ? { grantees: Lazy.any({ produce: () => grantees(key).flatMap(principalArns) }, { omitEmptyArray: false }) }
        : {}),
      ...(authorization.claims.length > 0
        ? { claims: Object.fromEntries(authorization.claims.map((claim) => [claim.name, [...claim.values]])) }
        : {}),
    });
  }
}

/** The ARNs of a grantee's principal (a role's, a user's), as its policy fragment names them. */
function principalArns(grantee: iam.IGrantable): unknown[] {
  return [grantee.grantPrincipal.policyFragment.principalJson.AWS ?? []].flat();
}

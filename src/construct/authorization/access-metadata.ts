import { Lazy } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
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
  if (authorization.claims.length > 0) return 'claims';
  if (authorization.groups.length > 0) return 'groups';
  return authorization.scopes.length > 0 ? 'scopes' : 'signedIn';
}

/**
 * Records the declared access on each route's `AWS::ApiGatewayV2::Route`. `machineClients` names
 * the machine clients holding one of the route's scopes; it is computed at synth, so machine clients
 * added after the route count.
 */
export function recordAccess(
  routes: apigwv2.HttpRoute[], authorization: RouteAuthorization, authorizer: TokenAuthorizerKind,
  machineClients: () => ReadonlyMap<string, readonly string[]>, kind = accessKind(authorization),
): void {
  const value = {
    kind,
    scopes: [...authorization.scopes],
    groups: [...authorization.groups],
    machineClients: Lazy.list({
      produce: () => [...machineClients()].filter(([, scopes]) => scopes.some((scope) => authorization.scopes.includes(scope))).map(([name]) => name),
    }, { omitEmpty: false }),
    ...(authorization.isPublic ? {} : { authorizer: AUTHORIZER_NAMES[authorizer] }),
  };
  for (const route of routes) {
    (route.node.defaultChild as apigwv2.CfnRoute).addMetadata(ACCESS_METADATA_KEY, value);
  }
}

import { ACCESS_METADATA_KEY, AccessMetadata } from '../../../shared/access-metadata';
import { AssemblyStack, resourcesOfType, TemplateResource } from '../../assembly';

/** A route with declared access, and what its template resource actually says. */
export interface DeclaredRoute {
  readonly logicalId: string;
  readonly routeKey: string;
  readonly declared: AccessMetadata;
  /** The route's `AuthorizationType` in the template (`NONE` when absent, as API Gateway reads it). */
  readonly authorizationType: string;
  /** The route's `AuthorizationScopes` in the template. */
  readonly authorizationScopes: readonly string[];
  /** An `AWS_IAM` route: the roles whose policies in the template allow `execute-api:Invoke` on it. */
  readonly iamGrantedTo?: readonly string[];
}

/** An HTTP API's routes that carry declared access, and the user pool its authorizer trusts. */
export interface DeclaredApi {
  readonly apiLogicalId: string;
  /** The logical id of the `AWS::Cognito::UserPool` the API's authorizer names, when there is one. */
  readonly poolLogicalId?: string;
  readonly routes: readonly DeclaredRoute[];
}

export const refersTo = (value: unknown, logicalId: string): boolean => JSON.stringify(value ?? null).includes(`"${logicalId}"`);

/** The stack's HTTP APIs with at least one route carrying the access metadata. */
export function declaredApis(stack: Pick<AssemblyStack, 'template'>): DeclaredApi[] {
  const routes = resourcesOfType(stack.template, 'AWS::ApiGatewayV2::Route');
  const authorizers = resourcesOfType(stack.template, 'AWS::ApiGatewayV2::Authorizer');
  const pools = resourcesOfType(stack.template, 'AWS::Cognito::UserPool').map(([id]) => id);
  return resourcesOfType(stack.template, 'AWS::ApiGatewayV2::Api').flatMap(([apiLogicalId]) => {
    const declared = routes
      .filter(([, route]) => refersTo(route.Properties?.ApiId, apiLogicalId) && route.Metadata?.[ACCESS_METADATA_KEY] !== undefined)
      .map(([logicalId, route]) => declaredRoute(logicalId, route));
    if (declared.length === 0) return [];
    const authorizer = authorizers.find(([, resource]) => refersTo(resource.Properties?.ApiId, apiLogicalId));
    const poolLogicalId = authorizer ? pools.find((pool) => refersTo(authorizer[1].Properties, pool)) : undefined;
    return [{ apiLogicalId, poolLogicalId, routes: declared }];
  });
}

/** A route's declared access and its template properties. */
export function declaredRoute(logicalId: string, route: TemplateResource): DeclaredRoute {
  const access = route.Metadata![ACCESS_METADATA_KEY] as Partial<AccessMetadata>;
  return {
    logicalId,
    routeKey: String(route.Properties?.RouteKey),
    declared: {
      kind: String(access.kind),
      scopes: access.scopes ?? [],
      groups: access.groups ?? [],
      machineClients: access.machineClients ?? [],
      authorizer: access.authorizer,
      ...access.grantees ? { grantees: access.grantees } : {},
      ...access.claims ? { claims: access.claims } : {},
    },
    authorizationType: String(route.Properties?.AuthorizationType ?? 'NONE'),
    authorizationScopes: route.Properties?.AuthorizationScopes ?? [],
  };
}

import { Stack, StackProps } from 'aws-cdk-lib';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { Construct } from 'constructs';
import { CognitoProtectedHttpApi, RouteAuthorization, TokenAuthorizer, TokenUse, WhoamiFunction } from '../../src';

/**
 * Users who sign in elsewhere. `PartnerApi` trusts an external OIDC issuer (Auth0-like) through API
 * Gateway's JWT authorizer — no user pool, no Lambda. `AdminApi` uses the library's Lambda
 * authorizer: it trusts its own user pool *and* the external issuer, and checks a group and a claim
 * per route, which the JWT authorizer cannot. Its machine client `acme-reporting` gets access tokens
 * carrying `tenant: acme` (the construct's pre-token-generation trigger adds the claim), so it may
 * call `/tenants/{id}/reports`.
 */
export class ExternalIssuerExampleStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const handler = new WhoamiFunction(this, 'Handler');
    const issuer = 'https://example.eu.auth0.com/';

    new CognitoProtectedHttpApi(this, 'PartnerApi', {
      tokenAuthorizer: TokenAuthorizer.oidcIssuer({ issuer, audience: ['https://partner-api.example.com'] }),
      routes: [
        { path: '/orders', handler, authorization: RouteAuthorization.signedIn({ scopes: ['read:orders'] }) },
      ],
    });

    new CognitoProtectedHttpApi(this, 'AdminApi', {
      tokenAuthorizer: TokenAuthorizer.lambdaAuthorizer({
        issuers: [{ issuer, audience: ['https://admin-api.example.com'], tokenUse: TokenUse.ACCESS }],
      }),
      groups: [{ name: 'admin' }],
      apiScopes: [{ name: 'reports.read' }],
      machineClients: [{ name: 'acme-reporting', scopes: ['api/reports.read'], claims: { tenant: 'acme' } }],
      routes: [
        { path: '/me', handler },
        { path: '/users/{id}', methods: [HttpMethod.DELETE], handler, authorization: RouteAuthorization.inGroups(['admin']) },
        {
          path: '/tenants/{id}/reports',
          handler,
          authorization: RouteAuthorization.signedIn({ claims: [{ name: 'tenant', values: ['acme'] }] }),
        },
      ],
    });
  }
}

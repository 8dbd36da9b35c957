import { Stack, StackProps } from 'aws-cdk-lib';
import { CorsHttpMethod, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { Construct } from 'constructs';
import { CognitoProtectedHttpApi, RouteAuthorization, WhoamiFunction } from '../../src';

/**
 * Every kind of caller on one API: anyone (`/health`), any signed-in user (`/me`), callers whose
 * access token carries a scope (`GET /items`: users through the OAuth code flow, or the `reporting`
 * machine client), and members of a group (`DELETE /items/{id}`: admins only).
 */
export class AuthorizationExampleStack extends Stack {
  public readonly api: CognitoProtectedHttpApi;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const handler = new WhoamiFunction(this, 'Handler');

    this.api = new CognitoProtectedHttpApi(this, 'Api', {
      apiScopes: [
        { name: 'items.read', description: 'Read items' },
        { name: 'items.write', description: 'Create and change items' },
      ],
      groups: [{ name: 'admin', description: 'May delete items' }],
      callbackUrls: ['http://localhost:3000/callback'],
      logoutUrls: ['http://localhost:3000/'],
      corsPreflight: {
        allowOrigins: ['http://localhost:3000'],
        allowHeaders: ['authorization', 'content-type'],
        allowMethods: [CorsHttpMethod.ANY],
      },
      routes: [
        { path: '/health', handler, authorization: RouteAuthorization.publicAccess() },
        { path: '/me', handler },
        { path: '/items', handler, authorization: RouteAuthorization.signedIn({ scopes: ['api/items.read'] }) },
        { path: '/items', methods: [HttpMethod.POST], handler, authorization: RouteAuthorization.signedIn({ scopes: ['api/items.write'] }) },
        { path: '/items/{id}', methods: [HttpMethod.DELETE], handler, authorization: RouteAuthorization.inGroups(['admin']) },
      ],
    });

    this.api.addMachineClient({ name: 'reporting', scopes: ['api/items.read'], storeSecret: true });
  }
}

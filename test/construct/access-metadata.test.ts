import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { RouteAuthorization, TokenAuthorizer } from '../../src';
import { inlineFunction, synth } from '../helpers';

/** Each route records its declared access as `Metadata` (issue #32 item 1), read by `check-access`. */
describe('the declared access in the template', () => {
  const { template } = synth((stack) => {
    const handler = inlineFunction(stack, 'Handler');
    return {
      apiScopes: [{ name: 'items.read' }],
      groups: [{ name: 'admin' }],
      corsPreflight: { allowOrigins: ['http://localhost:3000'] },
      machineClients: [{ name: 'reporting', scopes: ['api/items.read'] }],
      routes: [
        { path: '/health', handler, authorization: RouteAuthorization.publicAccess() },
        { path: '/me', handler },
        { path: '/items', handler, authorization: RouteAuthorization.signedIn({ scopes: ['api/items.read'] }) },
        { path: '/items/{id}', methods: [apigwv2.HttpMethod.DELETE], handler, authorization: RouteAuthorization.inGroups(['admin']) },
        { path: '/files/{proxy+}', methods: [apigwv2.HttpMethod.ANY], handler },
      ],
    };
  });
  const access = Object.fromEntries(Object.values(template.findResources('AWS::ApiGatewayV2::Route'))
    .map((route) => [route.Properties.RouteKey, route.Metadata?.['cdk-cognito-protected-http-api:access']]));

  test.each([
    ['GET /health', { kind: 'public', scopes: [], groups: [], machineClients: [] }],
    ['GET /me', { kind: 'signedIn', scopes: [], groups: [], machineClients: [], authorizer: 'userPool' }],
    ['GET /items', { kind: 'scopes', scopes: ['api/items.read'], groups: [], machineClients: ['reporting'], authorizer: 'userPool' }],
    ['DELETE /items/{id}', { kind: 'groups', scopes: [], groups: ['admin'], machineClients: [], authorizer: 'userPool' }],
    ['ANY /files/{proxy+}', { kind: 'signedIn', scopes: [], groups: [], machineClients: [], authorizer: 'userPool' }],
    // The generated public OPTIONS route of a protected ANY route with CORS.
    ['OPTIONS /files/{proxy+}', { kind: 'preflight', scopes: [], groups: [], machineClients: [] }],
  ])('%s records %j', (routeKey, expected) => {
    expect(access[routeKey]).toEqual(expected);
  });

  test('every route carries it', () => {
    expect(Object.keys(access).sort()).toEqual(['ANY /files/{proxy+}', 'DELETE /items/{id}', 'GET /health', 'GET /items', 'GET /me', 'OPTIONS /files/{proxy+}']);
  });
});

test('a route requiring claims records them (the Lambda authorizer\'s requirements), for check-access to compare with each caller\'s token', () => {
  const { template } = synth((stack) => ({
    tokenAuthorizer: TokenAuthorizer.lambdaAuthorizer(),
    apiScopes: [{ name: 'reports.read' }],
    machineClients: [{ name: 'reporting', scopes: ['api/reports.read'] }],
    routes: [{
      path: '/tenants/{id}/reports',
      handler: inlineFunction(stack, 'Handler'),
      authorization: RouteAuthorization.signedIn({ scopes: ['api/reports.read'], claims: [{ name: 'tenant', values: ['acme', 'globex'] }] }),
    }],
  }));
  const [route] = Object.values(template.findResources('AWS::ApiGatewayV2::Route'));
  expect(route.Metadata['cdk-cognito-protected-http-api:access']).toEqual({
    kind: 'claims', scopes: ['api/reports.read'], groups: [], machineClients: ['reporting'], authorizer: 'lambda', claims: { tenant: ['acme', 'globex'] },
  });
});

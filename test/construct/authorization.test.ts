import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { CognitoProtectedHttpApi, RouteAuthorization } from '../../src';
import { inlineFunction, newStack, routeKeys, synth } from '../helpers';

const route = (key: string) => ({ RouteKey: key });

/** The resource server's `Ref` is its identifier (`api`): show scope tokens as the names clients see. */
function clientScopes(template: Template, filter: object): string[][] {
  return Object.values(template.findResources('AWS::Cognito::UserPoolClient', { Properties: filter }))
    .map((client) => JSON.parse(JSON.stringify(client.Properties.AllowedOAuthScopes)
      .replace(/\{"Fn::Join":\["",\[\{"Ref":"ApiResourceServer[0-9A-F]{8}"\},"\/([^"]+)"\]\]\}/g, '"api/$1"')));
}

describe('scopes, machine clients and groups', () => {
  const { template, api, stack } = synth(
    (s) => ({
      apiScopes: [{ name: 'items.read', description: 'Read items' }, { name: 'items.write' }],
      callbackUrls: ['https://app.example.com/callback', 'http://localhost:3000/callback'],
      logoutUrls: ['https://app.example.com/'],
      machineClients: [{ name: 'billing', scopes: ['api/items.read'] }],
      groups: [{ name: 'admin', description: 'Administrators', precedence: 1 }, { name: 'support' }],
      routes: [
        { path: '/items', handler: inlineFunction(s, 'Items'), authorization: RouteAuthorization.signedIn({ scopes: ['api/items.read'] }) },
        { path: '/items/{id}', methods: [HttpMethod.DELETE], handler: inlineFunction(s, 'Delete'), authorization: RouteAuthorization.inGroups(['admin', 'support']) },
      ],
    }),
    (a) => a.addMachineClient({ name: 'importer', scopes: ['api/items.write'] }),
  );

  test('creates the resource server with the API\'s scopes', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: 'api',
      Scopes: [{ ScopeName: 'items.read', ScopeDescription: 'Read items' }, { ScopeName: 'items.write', ScopeDescription: 'items.write' }],
    });
    expect(api.resourceServer).toBeDefined();
  });

  test('gives the user client the OAuth code flow with the API scopes', () => {
    expect(clientScopes(template, { GenerateSecret: false })).toEqual([['openid', 'email', 'profile', 'api/items.read', 'api/items.write']]);
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      CallbackURLs: ['https://app.example.com/callback', 'http://localhost:3000/callback'],
      LogoutURLs: ['https://app.example.com/'],
      SupportedIdentityProviders: ['COGNITO'],
    });
  });

  test('creates confidential machine clients limited to their scopes (which reference the resource server, so it is created first)', () => {
    for (const [name, scope] of [['billing', 'api/items.read'], ['importer', 'api/items.write']]) {
      template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
        ClientName: name,
        GenerateSecret: true,
        AllowedOAuthFlows: ['client_credentials'],
      });
      expect(clientScopes(template, { ClientName: name })).toEqual([[scope]]);
    }
  });

  test('accepts every client\'s tokens, including a machine client added after the routes', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      JwtConfiguration: Match.objectLike({
        Audience: [
          { Ref: Match.stringLikeRegexp('^ApiUserPoolClient') },
          { Ref: Match.stringLikeRegexp('^ApiMachineClientbilling') },
          { Ref: Match.stringLikeRegexp('^ApiMachineClientimporter') },
        ],
      }),
    });
    expect(api.userPoolClients).toHaveLength(3);
  });

  test('creates one pool domain for the token endpoint and outputs the token URL', () => {
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: { 'Fn::Join': ['-', ['auth', { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] }]] },
    });
    template.hasOutput('*', { Value: { 'Fn::Join': ['', Match.arrayWith(['https://', '.auth.eu-west-1.amazoncognito.com/oauth2/token'])] } });
    expect(api.userPoolDomain).toBeDefined();
  });

  test('declares the groups', () => {
    template.resourceCountIs('AWS::Cognito::UserPoolGroup', 2);
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'admin', Description: 'Administrators', Precedence: 1 });
  });

  test('requires a group scope per group on a group route', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      ...route('DELETE /items/{id}'), AuthorizationType: 'JWT', AuthorizationScopes: ['group:admin', 'group:support'],
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { ...route('GET /items'), AuthorizationScopes: ['api/items.read'] });
  });

  test('adds the pre-token-generation V2 trigger that puts group scopes into access tokens', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      LambdaConfig: {
        PreTokenGenerationConfig: {
          LambdaArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiGroupScopesTrigger'), 'Arn'] },
          LambdaVersion: 'V2_0',
        },
      },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'cognito-idp.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiGroupScopesTrigger'), 'Arn'] },
    });
  });

  test('warns about nothing when machine clients and OAuth can obtain the scopes', () => {
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('.'));
  });
});

describe('CORS preflight', () => {
  const { template } = synth((s) => ({
    corsPreflight: { allowOrigins: ['https://app.example.com'], allowHeaders: ['authorization'] },
    routes: [
      { path: '/{proxy+}', methods: [HttpMethod.ANY], handler: inlineFunction(s, 'Proxy') },
      { path: '/items', methods: [HttpMethod.ANY], handler: inlineFunction(s, 'Items') },
    ],
  }));

  test('an OPTIONS preflight never reaches the authorizer, even with ANY /{proxy+}', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: Match.objectLike({ AllowOrigins: ['https://app.example.com'] }) });
    for (const path of ['/{proxy+}', '/items']) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { ...route(`OPTIONS ${path}`), AuthorizationType: 'NONE' });
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { ...route(`ANY ${path}`), AuthorizationType: 'JWT' });
    }
  });

  test('answers preflights with one shared 204 function', () => {
    template.resourceCountIs('AWS::Lambda::Function', 3);
    template.hasResourceProperties('AWS::Lambda::Function', { Description: Match.stringLikeRegexp('CORS preflight') });
  });

  test('without corsPreflight, no OPTIONS route is added', () => {
    const { template: plain } = synth((s) => ({ routes: [{ path: '/{proxy+}', methods: [HttpMethod.ANY], handler: inlineFunction(s, 'P') }] }));
    expect(routeKeys(plain)).toEqual(['ANY /{proxy+}']);
  });
});

describe('synth-time checks', () => {
  test('a declared scope no client can obtain fails synth, saying what each client has and would need', () => {
    const stack = newStack();
    new CognitoProtectedHttpApi(stack, 'Api', {
      apiScopes: [{ name: 'items.read' }, { name: 'items.write' }],
      machineClients: [{ name: 'writer', scopes: ['api/items.write'] }],
      routes: [{ path: '/items', handler: inlineFunction(stack, 'Fn'), authorization: RouteAuthorization.signedIn({ scopes: ['api/items.read'] }) }],
    });
    expect(() => Template.fromStack(stack)).toThrow(
      'route GET /items requires scope "api/items.read", which no app client can obtain, so every valid token would get 403 Forbidden: '
      + 'the user client signs in without OAuth, so its tokens carry only aws.cognito.signin.user.admin (give callbackUrls: the OAuth code flow\'s tokens carry it); '
      + 'machine client "writer" has api/items.write (add it to its scopes).',
    );
  });

  test('a scope that is not declared fails once, when the route is added, and not again at synth', () => {
    const stack = newStack();
    const api = new CognitoProtectedHttpApi(stack, 'Api', {
      apiScopes: [{ name: 'tasks.write' }, { name: 'tasks.read' }],
      callbackUrls: ['https://app.example.com/cb'],
      machineClients: [{ name: 'sync', scopes: ['api/tasks.write'] }],
    });
    expect(() => api.addRoute({ path: '/t', handler: inlineFunction(stack, 'Fn'), authorization: RouteAuthorization.signedIn({ scopes: ['api/task.write'] }) })).toThrow(
      new Error('CognitoProtectedHttpApi: addRoute().authorization: scope "api/task.write" is not one of the API\'s scopes (declared: api/tasks.read, api/tasks.write); did you mean "api/tasks.write"?'),
    );
    expect(() => Template.fromStack(stack)).not.toThrow();
    expect(api.routes).toEqual([]);
  });

  test('with an existing pool, a scope outside the API\'s resource server is left to the pool\'s trigger', () => {
    const { template } = synth((s) => ({
      userPool: cognito.UserPool.fromUserPoolId(s, 'Pool', 'eu-west-1_AbCdEf123'),
      apiScopes: [{ name: 'items.read' }],
      routes: [{ path: '/admin', handler: inlineFunction(s, 'Fn'), authorization: RouteAuthorization.signedIn({ scopes: ['group:admin'] }) }],
    }));
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /admin', AuthorizationScopes: ['group:admin'] });
  });

  test('a machine client added later makes the scope obtainable', () => {
    const { template } = synth(
      (s) => ({
        apiScopes: [{ name: 'items.read' }],
        routes: [{ path: '/items', handler: inlineFunction(s, 'Fn'), authorization: RouteAuthorization.signedIn({ scopes: ['api/items.read'] }) }],
      }),
      (a) => a.addMachineClient({ name: 'reader', scopes: ['api/items.read'] }),
    );
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 2);
  });

  test('scoped and group routes with only user clients warn that callers must send the access token', () => {
    const { stack } = synth((s) => ({
      groups: [{ name: 'admin' }],
      routes: [
        { path: '/me', handler: inlineFunction(s, 'Me'), authorization: RouteAuthorization.signedIn({ scopes: ['aws.cognito.signin.user.admin'] }) },
        { path: '/admin', handler: inlineFunction(s, 'Admin'), authorization: RouteAuthorization.inGroups(['admin']) },
      ],
    }));
    const warnings = Annotations.fromStack(stack).findWarning('/TestStack/Api', Match.stringLikeRegexp('ID tokens carry no scope claim'));
    expect(warnings.map((w) => String(w.entry.data).split(':')[0])).toEqual([
      'route GET /me requires signed-in (scopes', 'route GET /admin requires signed-in (groups',
    ]);
    expect(String(warnings[0].entry.data)).toContain('callers must send the ACCESS token (AuthenticationResult.AccessToken), not the ID token');
  });

  test('a public ANY route that shares the path of a protected route warns', () => {
    const { stack } = synth((s) => ({
      routes: [
        { path: '/x', methods: [HttpMethod.ANY], handler: inlineFunction(s, 'Open'), authorization: RouteAuthorization.publicAccess() },
        { path: '/x', methods: [HttpMethod.GET], handler: inlineFunction(s, 'Closed') },
      ],
    }));
    Annotations.fromStack(stack).hasWarning('/TestStack/Api', Match.stringLikeRegexp(
      '^public route ANY /x shares its path with protected route GET /x: every method of /x other than the declared ones is public',
    ));
  });

  test('a public greedy route that covers a protected path warns', () => {
    const { stack } = synth((s) => ({
      routes: [
        { path: '/{proxy+}', methods: [HttpMethod.ANY], handler: inlineFunction(s, 'Open'), authorization: RouteAuthorization.publicAccess() },
        { path: '/admin/users', handler: inlineFunction(s, 'Closed') },
      ],
    }));
    Annotations.fromStack(stack).hasWarning('/TestStack/Api', Match.stringLikeRegexp(
      '^public route ANY /\\{proxy\\+\\} covers the path of protected route GET /admin/users',
    ));
  });

  test('routes without scopes and without public overlaps warn about nothing', () => {
    const { stack } = synth((s) => ({
      routes: [
        { path: '/health', handler: inlineFunction(s, 'Open'), authorization: RouteAuthorization.publicAccess() },
        { path: '/items', handler: inlineFunction(s, 'Closed') },
      ],
    }));
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });
});

test('a domain prefix can be chosen, and then a domain exists without OAuth clients', () => {
  const { template } = synth(() => ({ domainPrefix: 'my-app-login' }));
  template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'my-app-login' });
});

test('a URL as resource server identifier still gives the server a name Cognito accepts', () => {
  const { template } = synth(() => ({ apiScopes: [{ name: 'read' }], resourceServerIdentifier: 'https://api.example.com' }));
  template.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', { Identifier: 'https://api.example.com', Name: 'https-api.example.com' });
});

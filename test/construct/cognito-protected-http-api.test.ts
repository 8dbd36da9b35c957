import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { CognitoProtectedHttpApi, RouteAuthorization } from '../../src';
import { inlineFunction, routeKeys, synth } from '../helpers';

const ISSUER = {
  'Fn::Join': ['', ['https://cognito-idp.eu-west-1.amazonaws.com/', { Ref: Match.stringLikeRegexp('^ApiUserPool') }]],
};

describe('with no props', () => {
  const { api, template } = synth();

  test('creates a user pool with secure defaults', () => {
    template.resourceCountIs('AWS::Cognito::UserPool', 1);
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      UsernameAttributes: ['email'],
      UsernameConfiguration: { CaseSensitive: false },
      AutoVerifiedAttributes: ['email'],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: {
        PasswordPolicy: {
          MinimumLength: 8,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
          TemporaryPasswordValidityDays: 3,
        },
      },
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
      UserPoolTier: 'ESSENTIALS',
      DeletionProtection: 'ACTIVE',
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
    });
  });

  test('retains the user pool (and its users) when it leaves the stack', () => {
    template.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('creates exactly one public app client with SRP and user-password sign-in', () => {
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
      AllowedOAuthFlows: Match.absent(),
      AccessTokenValidity: 60,
      IdTokenValidity: 60,
      RefreshTokenValidity: 43200,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
    });
  });

  test('creates the HTTP API with a $default stage that deploys automatically', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { Name: 'Api', ProtocolType: 'HTTP' });
    template.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { StageName: '$default', AutoDeploy: true });
  });

  test('has no routes and so no authorizer resource yet', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Route', 0);
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 0);
    expect(api.routes).toEqual([]);
  });

  test('outputs region, user pool id, client id and API URL', () => {
    const outputs = template.findOutputs('*');
    expect(Object.keys(outputs).map((id) => id.replace(/[0-9A-F]{8}$/, ''))).toEqual([
      'ApiRegion', 'ApiUserPoolId', 'ApiUserPoolClientId', 'ApiApiUrl',
    ]);
    template.hasOutput('*', { Value: 'eu-west-1' });
    template.hasOutput('*', { Value: { Ref: Match.stringLikeRegexp('^ApiUserPool[0-9A-F]{8}$') } });
    template.hasOutput('*', { Value: { Ref: Match.stringLikeRegexp('^ApiUserPoolClient[0-9A-F]{8}$') } });
    template.hasOutput('*', {
      Value: { 'Fn::Join': ['', ['https://', { Ref: Match.stringLikeRegexp('^ApiHttpApi') }, '.execute-api.eu-west-1.', { Ref: 'AWS::URLSuffix' }, '/']] },
    });
  });

  test('exposes the created resources', () => {
    expect(api.userPool).toBeInstanceOf(cognito.UserPool);
    expect(api.userPoolClients).toHaveLength(1);
    expect(api.userPoolClient).toBe(api.userPoolClients[0]);
    expect(api.userPoolClient).toBeInstanceOf(cognito.UserPoolClient);
    expect(api.httpApi).toBeInstanceOf(apigwv2.HttpApi);
    expect(api.stage).toBe(api.httpApi.node.findChild('DefaultStage'));
    expect(Stack.of(api).resolve(api.apiUrl)).toEqual(Stack.of(api).resolve(api.stage.url));
  });
});

describe('routes', () => {
  const { api, stack, template } = synth(
    (s) => ({
      apiScopes: [{ name: 'reports.read' }],
      machineClients: [{ name: 'reporting', scopes: ['api/reports.read'] }],
      routes: [
        { path: '/items', handler: inlineFunction(s, 'Items') },
        { path: '/items/{id}', methods: [apigwv2.HttpMethod.PUT, apigwv2.HttpMethod.DELETE], handler: inlineFunction(s, 'Item') },
      ],
    }),
    (a, s) => {
      const shared = inlineFunction(s, 'Shared');
      a.addRoute({ path: '/health', handler: shared, authorization: RouteAuthorization.publicAccess() });
      a.addRoute({ path: '/reports', handler: shared, authorization: RouteAuthorization.signedIn({ scopes: ['api/reports.read'] }) });
      // Routes added through the escape hatch get the default authorizer too.
      a.httpApi.addRoutes({
        path: '/direct',
        integration: new HttpLambdaIntegration('Direct', shared),
      });
    },
  );
  const authorizerId = { Ref: Match.stringLikeRegexp('^ApiHttpApiUserPoolAuthorizer') };

  test('creates one route per method and path; methods default to GET', () => {
    const keys = routeKeys(template);
    expect(keys.sort()).toEqual(['ANY /direct', 'DELETE /items/{id}', 'GET /health', 'GET /items', 'GET /reports', 'PUT /items/{id}']);
  });

  test('protects every route that is not declared public with the user-pool authorizer', () => {
    for (const key of ['GET /items', 'PUT /items/{id}', 'DELETE /items/{id}', 'GET /reports', 'ANY /direct']) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: key, AuthorizationType: 'JWT', AuthorizerId: authorizerId });
    }
  });

  test('leaves a route declared public open, without an authorizer', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'GET /health', AuthorizationType: 'NONE', AuthorizerId: Match.absent(),
    });
  });

  test('requires the declared scopes on a scoped route, and none elsewhere', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /reports', AuthorizationScopes: ['api/reports.read'] });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /items', AuthorizationScopes: Match.absent() });
  });

  test('creates one JWT authorizer with the pool as issuer and its clients as the audience', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Issuer: ISSUER,
        Audience: [{ Ref: Match.stringLikeRegexp('^ApiUserPoolClient') }, { Ref: Match.stringLikeRegexp('^ApiMachineClientreporting') }],
      },
    });
    // The user client and the machine client: none added by the authorizer.
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 2);
  });

  test('uses Lambda proxy integrations with payload format 2.0, one per function', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Integration', 4);
    template.allResourcesProperties('AWS::ApiGatewayV2::Integration', { IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
  });

  test('lets this API invoke each function once, from any of its routes, in the stack\'s account', () => {
    // 3 functions behind 5 routes: one permission each, not one per route (the escape-hatch route's
    // HttpLambdaIntegration adds its own per-route permission, without a source account).
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission')).map((p) => p.Properties)
      .filter((p) => p.SourceAccount !== undefined);
    expect(permissions).toHaveLength(3);
    const functions = new Set(permissions.map((p) => JSON.stringify(p.FunctionName)));
    expect(functions.size).toBe(3);
    for (const permission of permissions) {
      expect(permission).toEqual({
        Action: 'lambda:InvokeFunction',
        Principal: 'apigateway.amazonaws.com',
        FunctionName: expect.anything(),
        SourceAccount: '123456789012',
        SourceArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':execute-api:eu-west-1:123456789012:', { Ref: expect.stringMatching(/^ApiHttpApi/) }, '/*/*']] },
      });
    }
    const sharedRef = { 'Fn::GetAtt': [Match.stringLikeRegexp('^Shared'), 'Arn'] };
    expect(Object.keys(template.findResources('AWS::Lambda::Permission', { Properties: { FunctionName: sharedRef, SourceAccount: Match.anyValue() } }))).toHaveLength(1);
  });

  test('returns and exposes the created routes', () => {
    expect(api.routes.map((r) => r.path)).toEqual(['/items', '/items/{id}', '/items/{id}', '/health', '/reports']);
    const created = api.addRoute({ path: '/more', methods: [apigwv2.HttpMethod.GET, apigwv2.HttpMethod.POST], handler: inlineFunction(stack, 'More') });
    expect(created).toHaveLength(2);
    expect(api.routes.slice(-2)).toEqual(created);
  });
});

describe('an existing user pool', () => {
  test('with its clients: creates no pool and no client, and accepts those clients', () => {
    const { template } = synth((s) => {
      const userPool = cognito.UserPool.fromUserPoolId(s, 'Pool', 'eu-west-1_AbCdEf123');
      return {
        userPool,
        userPoolClients: [
          cognito.UserPoolClient.fromUserPoolClientId(s, 'Web', 'webclientid'),
          cognito.UserPoolClient.fromUserPoolClientId(s, 'Mobile', 'mobileclientid'),
        ],
        routes: [{ path: '/protected', handler: inlineFunction(s, 'Fn') }],
      };
    });
    template.resourceCountIs('AWS::Cognito::UserPool', 0);
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 0);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      JwtConfiguration: {
        Issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123',
        Audience: ['webclientid', 'mobileclientid'],
      },
    });
    template.hasOutput('*', { Value: 'webclientid' });
  });

  test('from another region: the issuer names the pool\'s region', () => {
    const { template } = synth((s) => ({
      userPool: cognito.UserPool.fromUserPoolArn(s, 'Pool', 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Zz9'),
      routes: [{ path: '/protected', handler: inlineFunction(s, 'Fn') }],
    }));
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      JwtConfiguration: { Issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Zz9' },
    });
  });

  test('without clients: creates one client on that pool', () => {
    const { template } = synth((s) => ({ userPool: cognito.UserPool.fromUserPoolId(s, 'Pool', 'eu-west-1_AbCdEf123') }));
    template.resourceCountIs('AWS::Cognito::UserPool', 0);
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', { UserPoolId: 'eu-west-1_AbCdEf123' });
  });
});

describe('props', () => {
  test('configure the new user pool', () => {
    const { template } = synth(() => ({
      userPoolName: 'customers',
      selfSignUpEnabled: true,
      signInAliases: { username: true, email: true },
      passwordPolicy: { minLength: 14, requireSymbols: false },
      featurePlan: cognito.FeaturePlan.PLUS,
    }));
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolName: 'customers',
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
      AliasAttributes: ['email'],
      UsernameAttributes: Match.absent(),
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 14, RequireSymbols: false }) },
      UserPoolTier: 'PLUS',
    });
  });

  test('configure MFA and email', () => {
    const required = synth(() => ({ mfa: cognito.Mfa.REQUIRED, email: cognito.UserPoolEmail.withCognito('noreply@example.com') })).template;
    required.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      EmailConfiguration: { EmailSendingAccount: 'COGNITO_DEFAULT', ReplyToEmailAddress: 'noreply@example.com' },
    });
    synth(() => ({ mfa: cognito.Mfa.OFF })).template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'OFF', EnabledMfas: Match.absent(),
    });
  });

  test('can make the pool destroyable, but only when asked explicitly', () => {
    const { template } = synth(() => ({ removalPolicy: RemovalPolicy.DESTROY, deletionProtection: false }));
    template.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Delete' });
    template.hasResourceProperties('AWS::Cognito::UserPool', { DeletionProtection: 'INACTIVE' });
  });

  test('configure the new app client', () => {
    const { template } = synth(() => ({
      userPoolClientName: 'web',
      accessTokenValidity: Duration.minutes(15),
      idTokenValidity: Duration.minutes(30),
      refreshTokenValidity: Duration.days(7),
    }));
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ClientName: 'web', AccessTokenValidity: 15, IdTokenValidity: 30, RefreshTokenValidity: 10080,
    });
  });

  test('configure the HTTP API and its CORS preflight', () => {
    const { template } = synth(() => ({
      apiName: 'orders',
      apiDescription: 'Orders API',
      corsPreflight: { allowOrigins: ['https://app.example.com'], allowMethods: [apigwv2.CorsHttpMethod.GET], allowHeaders: ['authorization'] },
    }));
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      Name: 'orders',
      Description: 'Orders API',
      CorsConfiguration: { AllowOrigins: ['https://app.example.com'], AllowMethods: ['GET'], AllowHeaders: ['authorization'] },
    });
  });

  test('createOutputs: false adds no outputs', () => {
    const { template } = synth(() => ({ createOutputs: false }));
    expect(template.findOutputs('*')).toEqual({});
  });
});

test('two constructs in one stack each get their own pool, client, API and authorizer', () => {
  const { template } = synth(
    (s) => ({ routes: [{ path: '/a', handler: inlineFunction(s, 'A') }] }),
    (_, s) => new CognitoProtectedHttpApi(s, 'Second', { routes: [{ path: '/b', handler: inlineFunction(s, 'B') }] }),
  );
  template.resourceCountIs('AWS::Cognito::UserPool', 2);
  template.resourceCountIs('AWS::Cognito::UserPoolClient', 2);
  template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 2);
});

import { App, Stack } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { CognitoProtectedHttpApi, RouteAuthorization, TokenAuthorizer } from '../../src';
import { lambdaAuthorizerPermission, userPoolAuthorizerResource } from '../../src/construct/authorization/aws-cdk-lib-internals';
import { inlineFunction } from '../helpers';

/*
 * The construct changes two resources that aws-cdk-lib's authorizers create but do not expose. If a
 * release of aws-cdk-lib puts them elsewhere, the lookups must fail the synth, not skip silently
 * (the audience would stop following machine clients; the permission would lose its source account).
 */
describe('lookups of what aws-cdk-lib\'s authorizers create', () => {
  const bareApi = () => new apigwv2.HttpApi(new Stack(new App(), 'Bare'), 'HttpApi');

  test('an API without the user-pool authorizer\'s resource throws, naming what was expected and the aws-cdk-lib version', () => {
    expect(() => userPoolAuthorizerResource(bareApi())).toThrow(
      /UserPoolAuthorizer.*AWS::ApiGatewayV2::Authorizer.*aws-cdk-lib's internals changed \(aws-cdk-lib \d+\.\d+\.\d+\)/,
    );
  });

  test('an API without the Lambda authorizer\'s permission throws, naming what was expected and the aws-cdk-lib version', () => {
    expect(() => lambdaAuthorizerPermission(bareApi())).toThrow(
      /AWS::Lambda::Permission.*aws-cdk-lib's internals changed \(aws-cdk-lib \d+\.\d+\.\d+\)/,
    );
  });

  test('the construct finds both where this aws-cdk-lib puts them, also when the first route is public', () => {
    for (const tokenAuthorizer of [TokenAuthorizer.userPool(), TokenAuthorizer.lambdaAuthorizer()]) {
      const stack = new Stack(new App(), 'Api');
      const api = new CognitoProtectedHttpApi(stack, 'Api', { tokenAuthorizer });
      api.addRoute({ path: '/health', handler: inlineFunction(stack, 'Health'), authorization: RouteAuthorization.publicAccess() });
      api.addRoute({ path: '/me', methods: [HttpMethod.GET], handler: inlineFunction(stack, 'Me') });
      if (tokenAuthorizer.kind === 'LAMBDA') {
        expect(lambdaAuthorizerPermission(api.httpApi)?.sourceAccount).toBeDefined();
      } else {
        expect(userPoolAuthorizerResource(api.httpApi)).toBeDefined();
      }
    }
  });
});

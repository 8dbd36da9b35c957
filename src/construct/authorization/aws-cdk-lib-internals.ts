import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';

/*
 * What aws-cdk-lib's HTTP API authorizers create when a first route uses them, found where
 * aws-cdk-lib puts it: its API does not expose these resources, and the construct changes them.
 * Each lookup throws when the resource is not there, rather than leave it as aws-cdk-lib wrote it
 * without a word: call it only once a protected route has been added.
 */

/** The id under the HTTP API of the `HttpUserPoolAuthorizer`'s authorizer resource: the id the L3 gives it. */
export const USER_POOL_AUTHORIZER_ID = 'UserPoolAuthorizer';

/** The `AWS::ApiGatewayV2::Authorizer` that `HttpUserPoolAuthorizer` created under the API when a route first used it. */
export function userPoolAuthorizerResource(httpApi: IConstruct): apigwv2.CfnAuthorizer {
  const authorizer = httpApi.node.tryFindChild(USER_POOL_AUTHORIZER_ID);
  const cfn = authorizer?.node.defaultChild;
  if (!(cfn instanceof apigwv2.CfnAuthorizer)) {
    throw internalsChanged(`HttpUserPoolAuthorizer to have created its AWS::ApiGatewayV2::Authorizer as "${USER_POOL_AUTHORIZER_ID}" under ${httpApi.node.path}`);
  }
  return cfn;
}

/** The invoke permission that `HttpLambdaAuthorizer` created under the API when a route first used it. */
export function lambdaAuthorizerPermission(httpApi: IConstruct): lambda.CfnPermission {
  const permission = httpApi.node.children.find((child): child is lambda.CfnPermission => child instanceof lambda.CfnPermission);
  if (!permission) {
    throw internalsChanged(`HttpLambdaAuthorizer to have created its invoke permission (an AWS::Lambda::Permission) under ${httpApi.node.path}`);
  }
  return permission;
}

function internalsChanged(expected: string): Error {
  return new Error(`CognitoProtectedHttpApi: expected aws-cdk-lib's ${expected} when a first route used it, but found none: aws-cdk-lib's internals changed (aws-cdk-lib ${cdkVersion()}). Use an aws-cdk-lib version this library supports, and report the version that fails to cdk-cognito-protected-http-api.`);
}

function cdkVersion(): string {
  try {
    // Read only when the message is made; aws-cdk-lib exports its package.json.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('aws-cdk-lib/package.json') as { version: string }).version;
  } catch {
    return 'of unknown version';
  }
}

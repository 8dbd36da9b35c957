import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { CognitoProtectedHttpApi, CognitoProtectedHttpApiProps } from '../src';

/** A stack with a fixed account and region, so pool ARNs and issuers resolve in assertions. */
export function newStack(): Stack {
  return new Stack(new App({ analyticsReporting: false }), 'TestStack', {
    env: { account: '123456789012', region: 'eu-west-1' },
  });
}

/** A small inline function: no asset, no bundling. */
export function inlineFunction(scope: Stack, id: string): lambda.Function {
  return new lambda.Function(scope, id, {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
  });
}

/** Builds the construct in a new stack; `build` may add routes through the props or the construct. */
export function synth(
  props: (stack: Stack) => CognitoProtectedHttpApiProps = () => ({}),
  build?: (api: CognitoProtectedHttpApi, stack: Stack) => void,
): { stack: Stack; api: CognitoProtectedHttpApi; template: Template } {
  const stack = newStack();
  const api = new CognitoProtectedHttpApi(stack, 'Api', props(stack));
  build?.(api, stack);
  return { stack, api, template: Template.fromStack(stack) };
}

/** The route keys (`GET /items`) of a template's HTTP API routes, in template order. */
export function routeKeys(template: Template): string[] {
  return Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((route) => route.Properties.RouteKey);
}

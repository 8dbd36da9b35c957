import { Annotations, Stack } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { invokePolicyWarning } from '../validation/quotas';

/**
 * A Lambda proxy integration (payload 2.0) that, unlike aws-cdk-lib's `HttpLambdaIntegration`,
 * adds no invoke permission per route: one function behind N routes would otherwise carry N policy
 * statements (about 370 bytes each; Lambda's policy limit of 20 KB is reached near 55 routes) and
 * N extra resources. The permission is granted once per function and API by {@link grantApiInvoke}.
 */
export function lambdaRouteIntegration(id: string, handler: lambda.IFunction): apigwv2.HttpRouteIntegration {
  // Defined on first use: extending an aws-cdk-lib class at module level would load its module
  // when this library is imported, whether or not a stack uses it.
  integrationClass ??= class LambdaRouteIntegration extends apigwv2.HttpRouteIntegration {
    constructor(integrationId: string, private readonly fn: lambda.IFunction) {
      super(integrationId);
    }

    public bind(_options: apigwv2.HttpRouteIntegrationBindOptions): apigwv2.HttpRouteIntegrationConfig {
      return {
        type: apigwv2.HttpIntegrationType.AWS_PROXY,
        uri: this.fn.functionArn,
        payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
      };
    }
  };
  return new integrationClass(id, handler);
}

let integrationClass: (new (id: string, handler: lambda.IFunction) => apigwv2.HttpRouteIntegration) | undefined;

/**
 * Lets the API invoke `handler` from any of its routes and stages: one statement, whatever the
 * number of routes. The source ARN names this API and the source account the stack's account
 * (AWS Control Tower's CT.LAMBDA.PR.2 reads it), so no other API or account may use it.
 */
export function grantApiInvoke(scope: Construct, id: string, handler: lambda.IFunction, httpApi: apigwv2.IHttpApi): void {
  const stack = Stack.of(scope);
  handler.addPermission(id, {
    scope,
    principal: new iam.ServicePrincipal('apigateway.amazonaws.com'),
    sourceArn: stack.formatArn({ service: 'execute-api', resource: httpApi.apiId, resourceName: '*/*' }),
    sourceAccount: stack.account,
  });
  const apis = grantedApis.get(handler);
  if (apis) {
    apis.add(httpApi);
    return;
  }
  // First grant to this function: at synth, warn if the APIs granted together outgrow its policy.
  grantedApis.set(handler, new Set([httpApi]));
  handler.node.addValidation({
    validate: () => {
      const warning = invokePolicyWarning(grantedApis.get(handler)!.size);
      if (warning) Annotations.of(handler).addWarningV2('cdk-cognito-protected-http-api:quota', warning);
      return [];
    },
  });
}

/** The APIs that {@link grantApiInvoke} has let invoke each function: one policy statement each. */
const grantedApis = new WeakMap<lambda.IFunction, Set<apigwv2.IHttpApi>>();

// The blog example stack as a TypeScript CDK app writes it against the published npm package.
import { Stack, StackProps } from 'aws-cdk-lib';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
// eslint-disable-next-line import/no-unresolved -- installed from dist/js by test/consumers/run.sh
import { CognitoProtectedHttpApi, RouteAuthorization, WhoamiFunction } from 'cdk-cognito-protected-http-api';
import { Construct } from 'constructs';

export class BlogExampleStack extends Stack {
  public readonly api: CognitoProtectedHttpApi;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const handler = new WhoamiFunction(this, 'ProtectedFunction');

    this.api = new CognitoProtectedHttpApi(this, 'Api', {
      selfSignUpEnabled: true,
      routes: [{ path: '/protected', methods: [HttpMethod.GET], handler }],
    });

    this.api.addRoute({
      path: '/health',
      handler,
      authorization: RouteAuthorization.publicAccess(),
    });
  }
}

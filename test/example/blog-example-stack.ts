import { Stack, StackProps } from 'aws-cdk-lib';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { Construct } from 'constructs';
import { CognitoProtectedHttpApi, MonitoringOptions, RouteAuthorization, WhoamiFunction } from '../../src';

export interface BlogExampleStackProps extends StackProps {
  /** Alarms and a dashboard (off, as in the blog, unless given). */
  readonly monitoring?: MonitoringOptions;
}

/**
 * The blog's stack — user pool, app client, a Lambda on `/protected` behind the user-pool
 * authorizer, outputs region, userPoolId, userPoolClientId and apiUrl — built with the construct.
 * It adds one public route to show that only declared routes are open.
 */
export class BlogExampleStack extends Stack {
  public readonly api: CognitoProtectedHttpApi;

  constructor(scope: Construct, id: string, props?: BlogExampleStackProps) {
    super(scope, id, props);

    const handler = new WhoamiFunction(this, 'ProtectedFunction');

    this.api = new CognitoProtectedHttpApi(this, 'Api', {
      selfSignUpEnabled: true,
      routes: [{ path: '/protected', methods: [HttpMethod.GET], handler }],
      monitoring: props?.monitoring,
    });

    this.api.addRoute({
      path: '/health',
      handler,
      authorization: RouteAuthorization.publicAccess(),
    });
  }
}

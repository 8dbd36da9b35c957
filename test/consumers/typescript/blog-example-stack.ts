// The blog example stack as a TypeScript CDK app writes it against the published npm package.
import { Stack, StackProps } from 'aws-cdk-lib';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
// eslint-disable-next-line import/no-unresolved -- installed from dist/js by test/consumers/run.sh
import { CognitoProtectedHttpApi, MonitoringOptions, RouteAuthorization, WhoamiFunction } from 'cdk-cognito-protected-http-api';
import { Construct } from 'constructs';

export interface BlogExampleStackProps extends StackProps {
  /** Alarms to an encrypted SNS topic, and a dashboard. */
  readonly monitored?: boolean;
}

export class BlogExampleStack extends Stack {
  public readonly api: CognitoProtectedHttpApi;

  constructor(scope: Construct, id: string, props?: BlogExampleStackProps) {
    super(scope, id, props);

    const handler = new WhoamiFunction(this, 'ProtectedFunction');

    this.api = new CognitoProtectedHttpApi(this, 'Api', {
      selfSignUpEnabled: true,
      routes: [{ path: '/protected', methods: [HttpMethod.GET], handler }],
      monitoring: props?.monitored ? this.alarmsToTopic() : undefined,
    });

    this.api.addRoute({
      path: '/health',
      handler,
      authorization: RouteAuthorization.publicAccess(),
    });
  }

  private alarmsToTopic(): MonitoringOptions {
    const key = new kms.Key(this, 'AlarmTopicKey', { enableKeyRotation: true, description: 'Encrypts the alarm topic' });
    key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    const topic = new sns.Topic(this, 'AlarmTopic', { masterKey: key, enforceSSL: true });
    return { alarmActions: [new SnsAction(topic)] };
  }
}

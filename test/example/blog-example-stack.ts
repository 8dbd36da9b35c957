import { Stack, StackProps } from 'aws-cdk-lib';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { CognitoProtectedHttpApi, MonitoringOptions, RouteAuthorization, WhoamiFunction } from '../../src';

export interface BlogExampleStackProps extends StackProps {
  /**
   * Alarms and a dashboard (issue #40), the alarms notifying an SNS topic of the stack, encrypted with
   * a key of its own that CloudWatch may use (alarms cannot publish to a topic encrypted with the AWS
   * managed `alias/aws/sns` key).
   * @default false, as in the blog
   */
  readonly monitored?: boolean;
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
      monitoring: props?.monitored ? this.alarmsToTopic() : undefined,
    });

    this.api.addRoute({
      path: '/health',
      handler,
      authorization: RouteAuthorization.publicAccess(),
    });
  }

  /** Monitoring with AWS's recommended thresholds, every alarm notifying the stack's alarm topic. */
  private alarmsToTopic(): MonitoringOptions {
    const key = new kms.Key(this, 'AlarmTopicKey', { enableKeyRotation: true, description: 'Encrypts the alarm topic' });
    key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    const topic = new sns.Topic(this, 'AlarmTopic', { masterKey: key, enforceSSL: true });
    return { alarmActions: [new SnsAction(topic)] };
  }
}

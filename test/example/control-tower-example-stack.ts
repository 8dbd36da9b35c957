import { Stack, StackProps } from 'aws-cdk-lib';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { CognitoProtectedHttpApi, ManagedResourceOptions, WhoamiFunction } from '../../src';

/**
 * The blog's API in an account governed by AWS Control Tower's proactive controls: the stack is bound
 * to its account (invoke permissions carry a literal SourceAccount, CT.LAMBDA.PR.2), the functions
 * run in the landing zone's VPC (CT.LAMBDA.PR.3), every log group is kept a year (CT.CLOUDWATCH.PR.2)
 * and encrypted with a rotated KMS key that only AWS services may grant on (CT.CLOUDWATCH.PR.3,
 * CT.KMS.PR.3), and no route is public
 * (CT.APIGATEWAY.PR.5). Its alarms notify an SNS topic encrypted with the same key (CT.CLOUDWATCH.PR.1
 * and PR.4: every alarm has an action, and actions are on). It fails no Control Tower control.
 */
export class ControlTowerExampleStack extends Stack {
  public readonly api: CognitoProtectedHttpApi;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, { env: { account: '111111111111', region: 'eu-west-1' }, ...props });

    // The network comes from the landing zone: imported, not created here.
    const vpc = ec2.Vpc.fromVpcAttributes(this, 'Vpc', {
      vpcId: 'vpc-0123456789abcdef0',
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      privateSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
    });
    const logEncryptionKey = new kms.Key(this, 'LogKey', { enableKeyRotation: true, description: 'Encrypts the API\'s and its functions\' logs, and its alarm topic' });
    // CT.KMS.PR.3: only AWS services may create grants on the key.
    logEncryptionKey.addToResourcePolicy(new iam.PolicyStatement({
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
    }));
    const managed: ManagedResourceOptions = {
      vpc,
      securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(this, 'FunctionSecurityGroup', 'sg-0123456789abcdef0')],
      logRetention: logs.RetentionDays.ONE_YEAR,
      logEncryptionKey,
    };

    // CloudWatch publishes the alarms to the topic: it needs the key (the AWS managed SNS key would not let it).
    logEncryptionKey.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    const alarmTopic = new sns.Topic(this, 'AlarmTopic', { masterKey: logEncryptionKey, enforceSSL: true });

    const handler = new WhoamiFunction(this, 'ProtectedFunction', managed);
    this.api = new CognitoProtectedHttpApi(this, 'Api', {
      ...managed,
      selfSignUpEnabled: true,
      routes: [{ path: '/protected', handler }],
      monitoring: { alarmActions: [new SnsAction(alarmTopic)] },
    });
  }
}

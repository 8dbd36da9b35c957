import { Match, Template } from 'aws-cdk-lib/assertions';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { CognitoProtectedHttpApi, RouteAuthorization, TokenAuthorizer, WhoamiFunction } from '../../src';
import { newStack } from '../helpers';

/** The library's own functions and log groups follow one set of options (ManagedResourceOptions). */
describe('VPC, log retention and log encryption for everything the library creates', () => {
  const stack = newStack();
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-12345678', availabilityZones: ['eu-west-1a', 'eu-west-1b'], isolatedSubnetIds: ['subnet-1', 'subnet-2'] });
  const securityGroups = [ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-12345678')];
  const key = new kms.Key(stack, 'LogKey', { enableKeyRotation: true });
  const managed = {
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    securityGroups,
    logRetention: logs.RetentionDays.ONE_YEAR,
    logEncryptionKey: key,
  };
  const handler = new WhoamiFunction(stack, 'Handler', managed);
  new CognitoProtectedHttpApi(stack, 'Api', {
    ...managed,
    tokenAuthorizer: TokenAuthorizer.lambdaAuthorizer(),
    groups: [{ name: 'admin' }],
    corsPreflight: { allowOrigins: ['https://app.example.com'] },
    routes: [{ path: '/items', methods: [HttpMethod.ANY], handler, authorization: RouteAuthorization.inGroups(['admin']) }],
  });
  // Groups through the user-pool authorizer add the trigger: a second API with its own pool.
  new CognitoProtectedHttpApi(stack, 'GroupApi', {
    ...managed,
    groups: [{ name: 'admin' }],
    routes: [{ path: '/admin', handler, authorization: RouteAuthorization.inGroups(['admin']) }],
  });
  const template = Template.fromStack(stack);
  const functions = Object.values(template.findResources('AWS::Lambda::Function')).map((f) => f.Properties);
  const logGroups = Object.values(template.findResources('AWS::Logs::LogGroup')).map((l) => l.Properties);

  test('every function the library ships runs in the VPC, in the given subnets, with the given security groups', () => {
    expect(functions.map((f) => f.Description).sort()).toEqual([
      expect.stringMatching(/CORS preflight/),
      expect.stringMatching(/JWT Lambda authorizer/),
      expect.stringMatching(/demo handler/),
      expect.stringMatching(/pre-token-generation trigger/),
    ]);
    for (const fn of functions) {
      expect(fn.VpcConfig).toEqual({ SubnetIds: ['subnet-1', 'subnet-2'], SecurityGroupIds: ['sg-12345678'] });
    }
  });

  test('every log group (functions\' and access logs) is kept a year and encrypted with the key', () => {
    // 4 functions + 2 access-log groups.
    expect(logGroups).toHaveLength(6);
    for (const logGroup of logGroups) {
      expect(logGroup).toEqual({ RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^LogKey/), 'Arn'] } });
    }
  });

  test('the key lets CloudWatch Logs of this region use it for this account\'s log groups, once', () => {
    const statements = Object.values(template.findResources('AWS::KMS::Key'))[0].Properties.KeyPolicy.Statement;
    expect(statements.filter((s: any) => s.Sid === 'AllowCloudWatchLogsOfThisAccount')).toEqual([{
      Sid: 'AllowCloudWatchLogsOfThisAccount',
      Effect: 'Allow',
      Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
      Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      Resource: '*',
      Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:eu-west-1:123456789012:log-group:*']] } } },
    }]);
  });

  test('functions in a VPC get the network-interface permissions Lambda needs', () => {
    const roles = Object.values(template.findResources('AWS::IAM::Role')).map((r) => r.Properties);
    expect(roles).toHaveLength(4);
    for (const role of roles) {
      expect(JSON.stringify(role.ManagedPolicyArns)).toContain('service-role/AWSLambdaVPCAccessExecutionRole');
    }
  });
});

test('by default: no VPC, one month, no key (the defaults stay as they were)', () => {
  const stack = newStack();
  new WhoamiFunction(stack, 'Handler');
  new CognitoProtectedHttpApi(stack, 'Api');
  const template = Template.fromStack(stack);
  template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30, KmsKeyId: Match.absent() });
  template.allResourcesProperties('AWS::Lambda::Function', { VpcConfig: Match.absent() });
});

import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { WhoamiFunction } from '../../src';
import { ACCESS_LOG_FIELDS } from '../../src/construct/api/access-log';
import { inlineFunction, synth } from '../helpers';

describe('stage defaults', () => {
  const { template, api } = synth();
  const stage = () => Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))[0].Properties;

  test('writes JSON access logs with the fields that explain a 401, 403 or 500', () => {
    const { AccessLogSettings: settings } = stage();
    const format = JSON.parse(settings.Format);
    expect(format).toEqual(ACCESS_LOG_FIELDS);
    for (const field of ['$context.requestId', '$context.requestTime', '$context.routeKey', '$context.status', '$context.responseLatency',
      '$context.identity.sourceIp', '$context.identity.userAgent', '$context.authorizer.error', '$context.integrationErrorMessage']) {
      expect(Object.values(format)).toContain(field);
    }
  });

  test('keeps access logs one month in a log group of its own', () => {
    template.resourceCountIs('AWS::Logs::LogGroup', 1);
    template.hasResource('AWS::Logs::LogGroup', { Properties: { RetentionInDays: 30 }, DeletionPolicy: 'Retain' });
    expect(api.accessLogGroup).toBeDefined();
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiAccessLogs'), 'Arn'] } },
    });
  });

  test('throttles the stage at 500 requests per second with bursts of 1000', () => {
    expect(stage().DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 500, ThrottlingBurstLimit: 1000 });
  });

  test('keeps the execute-api endpoint and creates no domain', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: Match.absent() });
    template.resourceCountIs('AWS::ApiGatewayV2::DomainName', 0);
  });
});

describe('stage props', () => {
  test('change the retention and the throttling', () => {
    const { template } = synth(() => ({ accessLogRetention: logs.RetentionDays.ONE_YEAR, throttlingRateLimit: 20, throttlingBurstLimit: 40 }));
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 } });
  });

  test('send access logs to an existing log group', () => {
    const { template } = synth((s) => ({ accessLogGroup: logs.LogGroup.fromLogGroupName(s, 'Logs', 'shared-access-logs') }));
    template.resourceCountIs('AWS::Logs::LogGroup', 0);
    const [stage] = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'));
    expect(JSON.stringify(stage.Properties.AccessLogSettings.DestinationArn)).toContain(':log-group:shared-access-logs:*');
  });

  test('turn access logging off', () => {
    const { template, api } = synth(() => ({ accessLogging: false }));
    template.resourceCountIs('AWS::Logs::LogGroup', 0);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { AccessLogSettings: Match.absent() });
    expect(api.accessLogGroup).toBeUndefined();
  });
});

describe('custom domain', () => {
  test('with a hosted zone: a DNS-validated certificate, the domain, its mapping and the alias record; the URL follows', () => {
    const { template, api, stack } = synth((s) => ({
      domainName: 'api.example.com',
      hostedZone: route53.HostedZone.fromHostedZoneAttributes(s, 'Zone', { hostedZoneId: 'Z123', zoneName: 'example.com' }),
      disableExecuteApiEndpoint: true,
    }));
    template.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: 'api.example.com', ValidationMethod: 'DNS' });
    template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', { DomainName: 'api.example.com' });
    template.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', { Stage: '$default' });
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'api.example.com.', Type: 'A', HostedZoneId: 'Z123' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: true });
    expect(api.apiUrl).toBe('https://api.example.com/');
    template.hasOutput('*', { Value: 'https://api.example.com/' });
    expect(stack.resolve(api.domainName!.name)).toBeDefined();
  });

  test('with a certificate only: no certificate and no DNS record are created', () => {
    const { template } = synth((s) => ({
      domainName: 'api.example.com',
      certificate: acm.Certificate.fromCertificateArn(s, 'Cert', 'arn:aws:acm:eu-west-1:123456789012:certificate/abc'),
    }));
    template.resourceCountIs('AWS::CertificateManager::Certificate', 0);
    template.resourceCountIs('AWS::Route53::RecordSet', 0);
    template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainNameConfigurations: [Match.objectLike({ CertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc' })],
    });
  });
});

describe('functions shipped with the library', () => {
  const { template } = synth((s) => ({ routes: [{ path: '/me', handler: new WhoamiFunction(s, 'Whoami') }] }));

  test('pin the runtime, run on ARM64 and log to their own log group', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^WhoamiLogGroup') } },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  test('may only write to their own log group: no managed policy, no wildcard', () => {
    template.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent(), AssumeRolePolicyDocument: Match.objectLike({}) });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [{
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WhoamiLogGroup'), 'Arn'] },
        }],
      },
    });
  });

  test('the demo function takes its memory, timeout and log retention', () => {
    const { template: t } = synth((s) => ({
      routes: [{ path: '/me', handler: new WhoamiFunction(s, 'Whoami', { memorySize: 512, timeout: Duration.seconds(5), logRetention: logs.RetentionDays.ONE_WEEK }) }],
    }));
    t.hasResourceProperties('AWS::Lambda::Function', { MemorySize: 512, Timeout: 5, Architectures: ['arm64'] });
    t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
  });

  test('a function given by the user is left as it is', () => {
    const { template: t } = synth((s) => ({ routes: [{ path: '/x', handler: inlineFunction(s, 'Mine') }] }));
    t.hasResourceProperties('AWS::Lambda::Function', { Architectures: Match.absent() });
  });
});

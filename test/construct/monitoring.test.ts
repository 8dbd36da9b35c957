import { CfnParameter, Duration, SecretValue, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { CognitoProtectedHttpApi, MonitoringOptions, RouteAuthorization, SignInProvider, TokenAuthorizer, WhoamiFunction } from '../../src';
import { failingControls } from '../control-tower';
import { inlineFunction, newStack } from '../helpers';

/**
 * `monitoring`: the alarms (AWS's recommended ones: CloudWatch user guide, "Recommended alarms")
 * on the metrics as API Gateway, Lambda and Cognito publish them, and the dashboard.
 */

/** The blog example (test/example/blog-example-stack.ts) with monitoring on, notifying an SNS topic. */
function monitoredBlog(monitoring: (topic: Topic) => MonitoringOptions = (topic) => ({ alarmActions: [new SnsAction(topic)] })) {
  const stack = newStack();
  const topic = new Topic(stack, 'Alarms');
  const handler = new WhoamiFunction(stack, 'ProtectedFunction');
  const api = new CognitoProtectedHttpApi(stack, 'Api', {
    selfSignUpEnabled: true,
    routes: [{ path: '/protected', methods: [HttpMethod.GET], handler }],
    monitoring: monitoring(topic),
  });
  api.addRoute({ path: '/health', handler, authorization: RouteAuthorization.publicAccess() });
  return { stack, topic, handler, api, template: Template.fromStack(stack) };
}

const API_DIMENSIONS = [{ Name: 'ApiId', Value: { Ref: Match.stringLikeRegexp('^ApiHttpApi') } }, { Name: 'Stage', Value: '$default' }];
const FUNCTION_DIMENSIONS = [{ Name: 'FunctionName', Value: { Ref: Match.stringLikeRegexp('^ProtectedFunction') } }];
const CLIENT_DIMENSIONS = [
  { Name: 'UserPool', Value: { Ref: Match.stringLikeRegexp('^ApiUserPool[0-9A-F]{8}$') } },
  { Name: 'UserPoolClient', Value: { Ref: Match.stringLikeRegexp('^ApiUserPoolClient') } },
];

/** [namespace, metric, dimensions, statistic, threshold, periods (evaluation = datapoints)] */
type Expected = [string, string, unknown[], Record<string, string>, number, number];

const BLOG_ALARMS: Expected[] = [
  ['AWS/ApiGateway', '5xx', API_DIMENSIONS, { Statistic: 'Average' }, 0.05, 3],
  ['AWS/ApiGateway', '4xx', API_DIMENSIONS, { Statistic: 'Average' }, 0.05, 5],
  ['AWS/ApiGateway', 'Latency', API_DIMENSIONS, { ExtendedStatistic: 'p90' }, 2500, 5],
  ['AWS/Lambda', 'Errors', FUNCTION_DIMENSIONS, { Statistic: 'Sum' }, 0, 3],
  ['AWS/Lambda', 'Throttles', FUNCTION_DIMENSIONS, { Statistic: 'Sum' }, 0, 5],
  // WhoamiFunction keeps Lambda's 3-second timeout: 90% of it.
  ['AWS/Lambda', 'Duration', FUNCTION_DIMENSIONS, { ExtendedStatistic: 'p90' }, 2700, 15],
  ['AWS/Cognito', 'SignInThrottles', CLIENT_DIMENSIONS, { Statistic: 'Sum' }, 0, 5],
  ['AWS/Cognito', 'SignUpThrottles', CLIENT_DIMENSIONS, { Statistic: 'Sum' }, 0, 5],
  ['AWS/Cognito', 'TokenRefreshThrottles', CLIENT_DIMENSIONS, { Statistic: 'Sum' }, 0, 5],
];

function metricNames(template: Template): string[] {
  return Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((alarm) => alarm.Properties.MetricName).sort();
}

describe('the blog example with monitoring on', () => {
  test('has exactly the expected alarms', () => {
    const { template } = monitoredBlog();
    template.resourceCountIs('AWS::CloudWatch::Alarm', BLOG_ALARMS.length);
    for (const [namespace, metricName, dimensions, statistic, threshold, periods] of BLOG_ALARMS) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: namespace,
        MetricName: metricName,
        Dimensions: dimensions,
        ...statistic,
        Period: 60,
        Threshold: threshold,
        EvaluationPeriods: periods,
        DatapointsToAlarm: periods,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [{ Ref: Match.stringLikeRegexp('^Alarms') }],
        OKActions: Match.absent(),
      });
    }
  });

  test('names each alarm after what broke, and says where to look first', () => {
    const { template } = monitoredBlog();
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((alarm) => alarm.Properties);
    const name = (metric: string) => JSON.stringify(alarms.find((alarm) => alarm.MetricName === metric)!.AlarmName);
    const description = (metric: string) => JSON.stringify(alarms.find((alarm) => alarm.MetricName === metric)!.AlarmDescription);
    expect(name('5xx')).toMatch(/"Api 5xx rate \(",\{"Ref":"ApiHttpApi[0-9A-F]{8}"\},"\)"/);
    expect(name('Errors')).toMatch(/\{"Ref":"ProtectedFunction[0-9A-F]{8}"\}," errors"/);
    expect(name('SignInThrottles')).toMatch(/"Api sign-in throttles \(client ",\{"Ref":"ApiUserPoolClient[0-9A-F]{8}"\},"\)"/);
    expect(description('5xx')).toContain('authorizerError');
    expect(description('5xx')).toContain('integrationError');
    expect(description('Errors')).toContain('/aws/lambda/');
    expect(description('SignInThrottles')).toContain('https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html');
  });

  test('exposes every alarm and the dashboard on api.monitoring', () => {
    const { api } = monitoredBlog();
    expect(api.monitoring?.alarms).toHaveLength(BLOG_ALARMS.length);
    expect(api.monitoring?.alarms.every((alarm) => alarm instanceof cloudwatch.Alarm)).toBe(true);
    expect(api.monitoring?.dashboard).toBeInstanceOf(cloudwatch.Dashboard);
  });

  test('has one dashboard whose alarm widget names every alarm', () => {
    const { template } = monitoredBlog();
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const body = JSON.stringify(Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0].Properties.DashboardBody);
    for (const logicalId of Object.keys(template.findResources('AWS::CloudWatch::Alarm'))) {
      expect(body).toContain(`{"Fn::GetAtt":["${logicalId}","Arn"]}`);
    }
  });

  test('the dashboard graphs the stage, each function and each app client', () => {
    const { template } = monitoredBlog();
    const body = JSON.stringify(Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0].Properties.DashboardBody);
    for (const metric of ['Count', '4xx', '5xx', 'Latency']) expect(body).toContain(`[\\"AWS/ApiGateway\\",\\"${metric}\\",\\"ApiId\\"`);
    for (const stat of ['p50', 'p90', 'p99']) expect(body).toContain(`\\"stat\\":\\"${stat}\\"`);
    for (const metric of ['Invocations', 'Errors', 'Throttles', 'Duration']) expect(body).toContain(`[\\"AWS/Lambda\\",\\"${metric}\\",\\"FunctionName\\"`);
    for (const metric of ['SignInSuccesses', 'SignUpSuccesses', 'TokenRefreshSuccesses', 'SignInThrottles', 'SignUpThrottles', 'TokenRefreshThrottles']) {
      expect(body).toContain(`[\\"AWS/Cognito\\",\\"${metric}\\",\\"UserPool\\"`);
    }
  });
});

test('a function shared by two routes gets one set of alarms', () => {
  const { template } = monitoredBlog();
  expect(metricNames(template).filter((name) => name === 'Errors')).toHaveLength(1);
});

test('every route function and the Lambda authorizer\'s get their alarms, also for routes added later', () => {
  const stack = newStack();
  const first = inlineFunction(stack, 'First');
  const api = new CognitoProtectedHttpApi(stack, 'Api', {
    tokenAuthorizer: TokenAuthorizer.lambdaAuthorizer(),
    routes: [{ path: '/a', handler: first }],
    monitoring: { dashboard: false },
  });
  api.addRoute({ path: '/b', handler: inlineFunction(stack, 'Second') });
  const template = Template.fromStack(stack);
  for (const fn of ['First', 'Second', 'ApiAuthorizerFunction']) {
    for (const metric of ['Errors', 'Throttles', 'Duration']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: metric,
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: Match.stringLikeRegexp(`^${fn}[0-9A-F]{8}$`) } }],
      });
    }
  }
  // The authorizer's timeout is 10 seconds.
  template.hasResourceProperties('AWS::CloudWatch::Alarm', {
    MetricName: 'Duration', Threshold: 9000, Dimensions: [{ Name: 'FunctionName', Value: { Ref: Match.stringLikeRegexp('^ApiAuthorizerFunction') } }],
  });
  expect(api.monitoring?.alarms).toHaveLength(3 + 3 * 3 + 2);
});

test('the group-scopes trigger gets its alarms, saying that a failing trigger fails sign-ins', () => {
  const stack = newStack();
  new CognitoProtectedHttpApi(stack, 'Api', {
    groups: [{ name: 'admin' }],
    routes: [{ path: '/admin', handler: inlineFunction(stack, 'Fn'), authorization: RouteAuthorization.inGroups(['admin']) }],
    monitoring: { dashboard: false },
  });
  const template = Template.fromStack(stack);
  for (const metric of ['Errors', 'Throttles', 'Duration']) {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: metric,
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: Match.stringLikeRegexp('^ApiGroupScopesTrigger[0-9A-F]{8}$') } }],
    });
  }
  template.hasResourceProperties('AWS::CloudWatch::Alarm', {
    MetricName: 'Errors',
    Dimensions: [{ Name: 'FunctionName', Value: { Ref: Match.stringLikeRegexp('^ApiGroupScopesTrigger') } }],
    AlarmDescription: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('UserLambdaValidationException')])] }),
  });
});

test('the version-3 trigger of machine claims, made before the monitoring, gets its alarms too', () => {
  const stack = newStack();
  new CognitoProtectedHttpApi(stack, 'Api', {
    apiScopes: [{ name: 'read' }],
    machineClients: [{ name: 'batch', scopes: ['api/read'], claims: { tenant: 'acme' } }],
    monitoring: { dashboard: false },
  });
  Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
    MetricName: 'Errors',
    Dimensions: [{ Name: 'FunctionName', Value: { Ref: Match.stringLikeRegexp('^ApiPreTokenGenerationTrigger[0-9A-F]{8}$') } }],
  });
});

test('an imported function gets no duration alarm: its timeout is unknown', () => {
  const stack = newStack();
  const imported = lambda.Function.fromFunctionArn(stack, 'Imported', 'arn:aws:lambda:eu-west-1:123456789012:function:legacy');
  new CognitoProtectedHttpApi(stack, 'Api', { routes: [{ path: '/a', handler: imported }], monitoring: {} });
  const lambdaAlarms = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm'))
    .filter((alarm) => alarm.Properties.Namespace === 'AWS/Lambda').map((alarm) => alarm.Properties.MetricName);
  expect(lambdaAlarms.sort()).toEqual(['Errors', 'Throttles']);
});

test('without monitoring there is no CloudWatch resource', () => {
  const stack = newStack();
  const api = new CognitoProtectedHttpApi(stack, 'Api', { routes: [{ path: '/a', handler: inlineFunction(stack, 'Fn') }] });
  const types = Object.values(Template.fromStack(stack).toJSON().Resources as Record<string, { Type: string }>).map((resource) => resource.Type);
  expect(types.filter((type) => type.startsWith('AWS::CloudWatch::'))).toEqual([]);
  expect(api.monitoring).toBeUndefined();
});

test('the thresholds, the period and OK actions follow the options', () => {
  const { template } = monitoredBlog((topic) => ({
    alarmActions: [new SnsAction(topic)],
    notifyOnOk: true,
    serverErrorRate: 0.01,
    clientErrorRate: 0.2,
    latencyP90: Duration.seconds(1),
    functionDurationRatio: 0.5,
    period: Duration.minutes(5),
  }));
  const byMetric: Record<string, any> = Object.fromEntries(Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((alarm) => [alarm.Properties.MetricName, alarm.Properties]));
  expect([byMetric['5xx'].Threshold, byMetric['4xx'].Threshold, byMetric.Latency.Threshold, byMetric.Duration.Threshold]).toEqual([0.01, 0.2, 1000, 1500]);
  expect(new Set(Object.values(byMetric).map((alarm) => alarm.Period))).toEqual(new Set([300]));
  for (const alarm of Object.values(byMetric)) expect(alarm.OKActions).toEqual(alarm.AlarmActions);
});

test('sign-up throttles only with self sign-up, federation throttles only with identity providers, none for machine clients', () => {
  const stack = newStack();
  new CognitoProtectedHttpApi(stack, 'Api', {
    callbackUrls: ['https://app.example.com/cb'],
    signInProviders: [SignInProvider.google({ clientId: 'id', clientSecret: SecretValue.secretsManager('google') })],
    apiScopes: [{ name: 'read' }],
    machineClients: [{ name: 'batch', scopes: ['api/read'] }],
    monitoring: {},
  });
  const template = Template.fromStack(stack);
  expect(metricNames(template).filter((name) => name.endsWith('Throttles') && name !== 'Throttles')).toEqual(['FederationThrottles', 'SignInThrottles', 'TokenRefreshThrottles']);
});

test.each([
  ['AUDIT_ONLY', cognito.StandardThreatProtectionMode.AUDIT_ONLY],
  ['FULL_FUNCTION', cognito.StandardThreatProtectionMode.FULL_FUNCTION],
])('threat protection (%s) adds one alarm per risk, any high-risk request of the three operations in one period', (_, mode) => {
  const stack = newStack();
  new CognitoProtectedHttpApi(stack, 'Api', { featurePlan: cognito.FeaturePlan.PLUS, standardThreatProtectionMode: mode, monitoring: {} });
  const template = Template.fromStack(stack);
  const alarms = template.findResources('AWS::CloudWatch::Alarm', { Properties: { Metrics: Match.anyValue() } });
  const pool = { Ref: Match.stringLikeRegexp('^ApiUserPool[0-9A-F]{8}$') };
  const risks = ['AccountTakeoverRisk', 'CompromisedCredentialRisk'].map((metric) => ({
    Threshold: 0,
    EvaluationPeriods: 1,
    DatapointsToAlarm: 1,
    ComparisonOperator: 'GreaterThanThreshold',
    TreatMissingData: 'notBreaching',
    Metrics: [
      { Expression: 'FILL(signin, 0) + FILL(signup, 0) + FILL(passwordchange, 0)', Id: 'expr_1', Label: `${metric} (high)` },
      ...['SignIn', 'SignUp', 'PasswordChange'].map((operation) => ({
        Id: operation.toLowerCase(),
        ReturnData: false,
        MetricStat: {
          Metric: {
            Namespace: 'AWS/Cognito',
            MetricName: metric,
            Dimensions: Match.arrayWith([{ Name: 'Operation', Value: operation }, { Name: 'RiskLevel', Value: 'high' }, { Name: 'UserPoolId', Value: pool }]),
          },
          Period: 60,
          Stat: 'Sum',
        },
      })),
    ],
  }));
  expect(Object.keys(alarms)).toHaveLength(2);
  for (const risk of risks) template.hasResourceProperties('AWS::CloudWatch::Alarm', risk);
});

test('no risk alarms without threat protection, nor on the Plus plan with it off', () => {
  for (const props of [{}, { featurePlan: cognito.FeaturePlan.PLUS }]) {
    const stack = newStack();
    new CognitoProtectedHttpApi(stack, 'Api', { ...props, monitoring: {} });
    expect(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm', { Properties: { Metrics: Match.anyValue() } })).toEqual({});
  }
});

test('no app client alarms for clients brought in, nor for an OIDC issuer', () => {
  for (const build of [
    (stack: Stack) => {
      const userPool = cognito.UserPool.fromUserPoolId(stack, 'Pool', 'eu-west-1_abc');
      return new CognitoProtectedHttpApi(stack, 'Api', { userPool, userPoolClients: [userPool.addClient('Client')], monitoring: {} });
    },
    (stack: Stack) => new CognitoProtectedHttpApi(stack, 'Api', {
      tokenAuthorizer: TokenAuthorizer.oidcIssuer({ issuer: 'https://login.example.com/', audience: ['api'] }), monitoring: {},
    }),
  ]) {
    const stack = newStack();
    build(stack);
    expect(metricNames(Template.fromStack(stack)).filter((name) => name.startsWith('Sign'))).toEqual([]);
  }
});

test('dashboard: false makes no dashboard; dashboardName names it', () => {
  const off = monitoredBlog(() => ({ dashboard: false }));
  off.template.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
  expect(off.api.monitoring?.dashboard).toBeUndefined();
  const named = monitoredBlog(() => ({ dashboardName: 'blog-api' }));
  named.template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'blog-api' });
});

/**
 * Control Tower's CT.CLOUDWATCH.PR.1 (an alarm must have an ALARM action) and PR.4 (actions
 * activated), through the CDK's policy validation: the alarms pass both once `alarmActions` is given.
 */
test.each([
  ['without alarmActions fail CT.CLOUDWATCH.PR.1', false, ['CT.CLOUDWATCH.PR.1']],
  ['with alarmActions pass CT.CLOUDWATCH.PR.1 and PR.4', true, []],
])('the alarms %s', (_, withActions, expected) => {
  const failing = failingControls((app) => {
    const stack = new Stack(app, 'Monitored', { env: { account: '123456789012', region: 'eu-west-1' } });
    const topic = new Topic(stack, 'Alarms');
    new CognitoProtectedHttpApi(stack, 'Api', {
      routes: [{ path: '/a', handler: inlineFunction(stack, 'Fn') }],
      monitoring: withActions ? { alarmActions: [new SnsAction(topic)] } : {},
    });
  });
  expect((failing.Monitored ?? []).filter((control) => /^CT\.CLOUDWATCH\.PR\.[14]$/.test(control))).toEqual(expected);
});

test('rates given as deploy-time parameters become the thresholds as they are', () => {
  const stack = newStack();
  const rate = new CfnParameter(stack, 'Rate', { type: 'Number' });
  new CognitoProtectedHttpApi(stack, 'Api', { monitoring: { serverErrorRate: rate.valueAsNumber } });
  const alarm = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: '5xx' } }))[0];
  expect(alarm.Properties.Threshold).toEqual({ Ref: 'Rate' });
  expect(JSON.stringify(alarm.Properties.AlarmDescription)).toContain('More than the threshold of the API\'s requests');
});

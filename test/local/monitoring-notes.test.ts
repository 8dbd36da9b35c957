import { Stack } from 'aws-cdk-lib';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { apiUrl, RUNNER_TIMEOUT_MS, startTestRunner, synthApp, TestRunner } from './helpers';
import { CognitoProtectedHttpApi, RouteAuthorization, WhoamiFunction } from '../../src';

/**
 * A stack with `monitoring` on runs locally: its CloudWatch alarms and dashboard are left out with
 * one start-up note, not one per resource.
 */

jest.setTimeout(RUNNER_TIMEOUT_MS);

let local: TestRunner;
beforeAll(async () => {
  local = await startTestRunner(synthApp((app) => {
    const stack = new Stack(app, 'MonitoredStack');
    const handler = new WhoamiFunction(stack, 'ProtectedFunction');
    const api = new CognitoProtectedHttpApi(stack, 'Api', {
      selfSignUpEnabled: true,
      routes: [{ path: '/protected', methods: [HttpMethod.GET], handler }],
      monitoring: { alarmActions: [new SnsAction(new Topic(stack, 'Alarms'))] },
    });
    api.addRoute({ path: '/health', handler, authorization: RouteAuthorization.publicAccess() });
  }));
});

afterAll(() => local?.runner.stop());

test('the alarms and the dashboard make one start-up note', () => {
  const warnings = local.runner.stack('MonitoredStack').warnings;
  expect(warnings.filter((warning) => /CloudWatch|Alarm|Dashboard/.test(warning))).toEqual([
    'CloudWatch is not emulated locally: 10 alarm/dashboard resource(s) are ignored (no metrics, no alarm actions)',
  ]);
});

test('the API still answers', async () => {
  const response = await fetch(`${apiUrl(local.runner, 'MonitoredStack', 'Api')}health`);
  expect(response.status).toBe(200);
});

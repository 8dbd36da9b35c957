import { CfnAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { CfnUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { RUNNER_TIMEOUT_MS, startTestRunner, synthApp, TestRunner } from './helpers';
import { BlogExampleStack } from '../example/blog-example-stack';
import { runBlogFlow } from '../example/blog-flow';

/** The blog's flow against the local runner — and proof that the run can fail. */

jest.setTimeout(RUNNER_TIMEOUT_MS);

async function flowAgainst(test: TestRunner) {
  const stack = test.runner.stack('BlogExampleStack');
  const pool = stack.userPools[0];
  // The construct's own client is the one the blog logs in with (not the one an escape hatch adds).
  const client = pool.clients.find((candidate) => candidate.logicalId.startsWith('ApiUserPoolClient'))!;
  return runBlogFlow({
    apiUrl: stack.apis[0].url,
    cognitoEndpoint: test.runner.cognitoEndpoint,
    region: stack.region,
    userPoolId: pool.userPoolId,
    clientId: client.clientId,
  });
}

describe('the blog flow, as synthesized', () => {
  let local: TestRunner;
  beforeAll(async () => {
    local = await startTestRunner(synthApp((app) => new BlogExampleStack(app, 'BlogExampleStack')));
  });
  afterAll(() => local?.runner.stop());

  test('sign up → confirm → log in → 401 without a token → 200 with the ID token → 200 on /health', async () => {
    const steps = await flowAgainst(local);
    expect(steps.map((step) => [step.title, step.ok, step.ok ? '' : step.detail])).toEqual(steps.map((step) => [step.title, true, '']));
    expect(steps).toHaveLength(6);
  });

  test('each request left an access log line in the stage\'s format', () => {
    const lines = local.accessLog.map((entry) => JSON.parse(entry.line));
    expect(lines.map((line) => [line.routeKey, line.status])).toEqual([
      ['GET /protected', '401'],
      ['GET /protected', '200'],
      ['GET /health', '200'],
    ]);
    expect(lines[0].authorizerError).toBe('no token in the identity source');
    expect(lines[1].subject).toMatch(/^[0-9a-f-]{36}$/);
    // The same fields as the deployed stage's access log (the template's format).
    expect(Object.keys(lines[0])).toEqual(expect.arrayContaining(['requestId', 'routeKey', 'status', 'authorizerError', 'integrationError']));
  });
});

describe('the flow turns red when the authorizer trusts another client (escape hatch)', () => {
  let local: TestRunner;
  beforeAll(async () => {
    local = await startTestRunner(synthApp((app) => {
      const stack = new BlogExampleStack(app, 'BlogExampleStack');
      const other = stack.api.userPool.addClient('OtherClient');
      const authorizer = stack.api.httpApi.node.findAll().find((child): child is CfnAuthorizer => child instanceof CfnAuthorizer)!;
      authorizer.addPropertyOverride('JwtConfiguration.Audience', [stack.resolve((other.node.defaultChild as CfnUserPoolClient).ref)]);
    }));
  });
  afterAll(() => local?.runner.stop());

  test('the ID token of the blog\'s client gets 401: its audience is no longer trusted', async () => {
    const steps = await flowAgainst(local);
    const call = steps.find((step) => step.title.startsWith('GET /protected with the ID token'))!;
    expect(call.ok).toBe(false);
    expect(call.detail).toMatch(/^401 /);
    const line = JSON.parse(local.accessLog.find((entry) => entry.values.status === 401 && entry.values['authorizer.error'] !== 'no token in the identity source')!.line);
    expect(line.authorizerError).toBe('the token does not have a valid audience');
  });
});

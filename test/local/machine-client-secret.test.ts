import { Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { claimsOf, oauthPost, RUNNER_TIMEOUT_MS, startTestRunner, synthApp, TestRunner } from './helpers';
import { CognitoProtectedHttpApi } from '../../src';
import { AwsClient } from '../../src/local/aws-resources/aws-client';

/**
 * `MachineClientOptions.storeSecret` locally: the runner calls `DescribeUserPoolClient` for the
 * custom resource behind `userPoolClientSecret` once the clients exist, so the stored secret holds
 * the client's real id and secret, which the client-credentials grant accepts. The machine client's
 * `claims` reach its access token through the construct's V3 pre-token-generation trigger, which the
 * runner runs on the client-credentials grant; that trigger invokes the app's own `preTokenGeneration`
 * function through the runner's Lambda API (`AWS_ENDPOINT_URL_LAMBDA`), whose claim the token carries too.
 */

jest.setTimeout(RUNNER_TIMEOUT_MS);

let local: TestRunner;
beforeAll(async () => {
  local = await startTestRunner(synthApp((app) => {
    const stack = new Stack(app, 'MachineSecretStack');
    // The app's own version-3 trigger, which the construct's trigger invokes (through the runner's Lambda API).
    const preTokenGeneration = new lambda.Function(stack, 'AppTrigger', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(`exports.handler = async (event) => {
        const details = event.response.claimsAndScopeOverrideDetails || {};
        const access = details.accessTokenGeneration || {};
        event.response.claimsAndScopeOverrideDetails = { ...details, accessTokenGeneration: { ...access,
          claimsToAddOrOverride: { ...access.claimsToAddOrOverride, environment: 'local-' + event.triggerSource } } };
        return event;
      };`),
    });
    new CognitoProtectedHttpApi(stack, 'Api', {
      apiScopes: [{ name: 'reports.read' }],
      machineClients: [{ name: 'reporting', scopes: ['api/reports.read'], storeSecret: true, claims: { tenant: 'acme' } }],
      preTokenGeneration,
    });
  }));
});

afterAll(async () => {
  await local?.runner.stop();
});

test('the secret named by the output holds the client id and secret of the endpoints file, and the token endpoint takes them', async () => {
  const { runner } = local;
  const info = runner.stack('MachineSecretStack');
  const reporting = info.userPools[0].clients.find((client) => client.name === 'reporting')!;
  const secretId = Object.entries(info.outputs).find(([name]) => name.startsWith('ApiMachineClientreportingSecretArn'))?.[1];
  expect(secretId).toMatch(/^arn:aws:secretsmanager:/);
  expect(info.warnings.filter((warning) => /Secret|Describe|Custom::/.test(warning))).toEqual([]);
  const { SecretString } = await new AwsClient(runner.awsEndpoint, info.region).json('secretsmanager', 'secretsmanager', 'GetSecretValue', { SecretId: secretId });
  const stored = JSON.parse(SecretString);
  expect(stored).toEqual({ clientId: reporting.clientId, clientSecret: reporting.clientSecret });
  expect(stored.clientSecret).toMatch(/^\S{8,}$/); // moto makes a UUID, Cognito 51 characters

  const answer = await oauthPost(`${info.userPools[0].oauth!.url}/oauth2/token`, { grant_type: 'client_credentials', scope: 'api/reports.read' }, {
    clientId: stored.clientId, secret: stored.clientSecret,
  });
  expect(answer).toMatchObject({ status: 200, body: { token_type: 'Bearer', access_token: expect.any(String) } });
  // The client's static claim (the construct's trigger) and the app's own trigger's claim (invoked by it).
  expect(claimsOf(answer.body.access_token)).toMatchObject({
    tenant: 'acme', environment: 'local-TokenGeneration_ClientCredentials', client_id: stored.clientId, scope: 'api/reports.read',
  });
});

import { Stack } from 'aws-cdk-lib';
import { claimsOf, oauthPost, RUNNER_TIMEOUT_MS, startTestRunner, synthApp, TestRunner } from './helpers';
import { CognitoProtectedHttpApi } from '../../src';
import { AwsClient } from '../../src/local/aws-resources/aws-client';

/**
 * `MachineClientOptions.storeSecret` locally: the runner calls `DescribeUserPoolClient` for the
 * custom resource behind `userPoolClientSecret` once the clients exist, so the stored secret holds
 * the client's real id and secret, which the client-credentials grant accepts. The machine client's
 * `claims` reach its access token through the construct's V3 pre-token-generation trigger, which the
 * runner runs on the client-credentials grant.
 */

jest.setTimeout(RUNNER_TIMEOUT_MS);

let local: TestRunner;
beforeAll(async () => {
  local = await startTestRunner(synthApp((app) => {
    const stack = new Stack(app, 'MachineSecretStack');
    new CognitoProtectedHttpApi(stack, 'Api', {
      apiScopes: [{ name: 'reports.read' }],
      machineClients: [{ name: 'reporting', scopes: ['api/reports.read'], storeSecret: true, claims: { tenant: 'acme' } }],
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
  expect(claimsOf(answer.body.access_token)).toMatchObject({ tenant: 'acme', client_id: stored.clientId, scope: 'api/reports.read' });
});

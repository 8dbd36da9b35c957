import { flatten, provisionAwsCall } from '../../src/local/aws-resources/aws-custom-resource';
import { ProvisionScope } from '../../src/local/aws-resources/provisioner';

/** The runner's `AwsCustomResource`: response fields as attributes, and only the emulated calls. */

const scope = { client: undefined, stackName: 'S', region: 'us-east-1', account: '123456789012', notes: [] } as unknown as ProvisionScope;

test('a response is flattened into dotted attribute names, as the custom resource handler does', () => {
  expect(flatten({ UserPoolClient: { ClientId: 'c', ClientSecret: 's', AllowedOAuthFlows: ['client_credentials'] } })).toEqual({
    'UserPoolClient.ClientId': 'c', 'UserPoolClient.ClientSecret': 's', 'UserPoolClient.AllowedOAuthFlows.0': 'client_credentials',
  });
});

test('a call the runner does not emulate is refused with its name', async () => {
  await expect(provisionAwsCall('Call', { Create: JSON.stringify({ service: 'S3', action: 'listBuckets' }) }, scope)).rejects.toThrow(
    'the call S3.listBuckets is not emulated (only CognitoIdentityServiceProvider.DescribeUserPoolClient)',
  );
});

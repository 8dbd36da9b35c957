import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { CognitoProtectedHttpApi, CognitoProtectedHttpApiProps } from '../../src';
import { newStack } from '../helpers';

/** `MachineClientOptions.storeSecret`: the client's id and secret in a Secrets Manager secret. */

function build(props: CognitoProtectedHttpApiProps = {}) {
  const stack = newStack();
  const api = new CognitoProtectedHttpApi(stack, 'Api', {
    apiScopes: [{ name: 'reports.read' }],
    machineClients: [{ name: 'reporting', scopes: ['api/reports.read'], storeSecret: true }, { name: 'plain', scopes: ['api/reports.read'] }],
    ...props,
  });
  return { stack, api };
}

const outputs = (template: Template, pattern: RegExp) => Object.entries(template.findOutputs('*')).filter(([id]) => pattern.test(id)).map(([, output]) => output);
const logicalId = (template: Template, type: string, pattern: RegExp) => Object.keys(template.findResources(type)).find((id) => pattern.test(id))!;

test('a machine client with storeSecret gets a secret holding its id and the secret Cognito describes', () => {
  const template = Template.fromStack(build().stack);
  template.resourceCountIs('AWS::SecretsManager::Secret', 1);
  const client = logicalId(template, 'AWS::Cognito::UserPoolClient', /MachineClientreporting/);
  const describe = logicalId(template, 'Custom::DescribeCognitoUserPoolClient', /MachineClientreporting/);
  template.hasResourceProperties('AWS::SecretsManager::Secret', {
    SecretString: { 'Fn::Join': ['', ['{"clientId":"', { Ref: client }, '","clientSecret":"', { 'Fn::GetAtt': [describe, 'UserPoolClient.ClientSecret'] }, '"}']] },
    KmsKeyId: Match.absent(),
  });
  // Only the client that asked for it: one describe call.
  template.resourceCountIs('Custom::DescribeCognitoUserPoolClient', 1);
});

test('the secret is named by an output', () => {
  const template = Template.fromStack(build().stack);
  const secret = logicalId(template, 'AWS::SecretsManager::Secret', /MachineClientreportingSecret/);
  expect(outputs(template, /^ApiMachineClientreportingSecretArn/)).toEqual([{ Value: { Ref: secret }, Description: 'Secrets Manager secret with the id and secret of the machine client reporting' }]);
  expect(Object.keys(template.findOutputs('*')).filter((id) => /Secret/.test(id))).toHaveLength(1);
});

test('createOutputs: false leaves the output out, not the secret', () => {
  const template = Template.fromStack(build({ createOutputs: false }).stack);
  template.resourceCountIs('AWS::SecretsManager::Secret', 1);
  expect(Object.keys(template.findOutputs('*'))).toEqual([]);
});

test('logEncryptionKey encrypts the secret too', () => {
  const stack = newStack();
  const key = new kms.Key(stack, 'Key');
  new CognitoProtectedHttpApi(stack, 'Api', {
    apiScopes: [{ name: 'a' }], machineClients: [{ name: 'sync', scopes: ['api/a'], storeSecret: true }], logEncryptionKey: key,
  });
  Template.fromStack(stack).hasResourceProperties('AWS::SecretsManager::Secret', {
    KmsKeyId: { 'Fn::GetAtt': [logicalId(Template.fromStack(stack), 'AWS::KMS::Key', /^Key/), 'Arn'] },
  });
});

test('grantReadMachineClientSecret() lets a role read that secret', () => {
  const { stack, api } = build();
  const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  const grant = api.grantReadMachineClientSecret('reporting', role);
  expect(grant.success).toBe(true);
  const template = Template.fromStack(stack);
  const secret = logicalId(template, 'AWS::SecretsManager::Secret', /MachineClientreportingSecret/);
  template.hasResourceProperties('AWS::IAM::Policy', {
    Roles: [{ Ref: logicalId(template, 'AWS::IAM::Role', /^Reader/) }],
    PolicyDocument: { Statement: [{ Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Effect: 'Allow', Resource: { Ref: secret } }] },
  });
});

test('a machine client added with addMachineClient() stores its secret too', () => {
  const stack = newStack();
  const api = new CognitoProtectedHttpApi(stack, 'Api', { apiScopes: [{ name: 'a' }] });
  api.addMachineClient({ name: 'later', scopes: ['api/a'], storeSecret: true });
  const template = Template.fromStack(stack);
  template.resourceCountIs('AWS::SecretsManager::Secret', 1);
  expect(outputs(template, /^ApiMachineClientlaterSecretArn/)).toHaveLength(1);
});

test('without storeSecret nothing is added', () => {
  const stack = newStack();
  new CognitoProtectedHttpApi(stack, 'Api', { apiScopes: [{ name: 'a' }], machineClients: [{ name: 'sync', scopes: ['api/a'] }] });
  const template = Template.fromStack(stack);
  template.resourceCountIs('AWS::SecretsManager::Secret', 0);
  template.resourceCountIs('Custom::DescribeCognitoUserPoolClient', 0);
});

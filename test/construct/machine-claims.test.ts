import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { RouteAuthorization, TokenAuthorizer } from '../../src';
import { inlineFunction, synth } from '../helpers';

/** The pool's pre-token-generation trigger config, and the function it names. */
function tokenTrigger(template: Template): { config: any; fn: any } {
  const [pool] = Object.values(template.findResources('AWS::Cognito::UserPool'));
  const config = pool.Properties.LambdaConfig.PreTokenGenerationConfig;
  return { config, fn: template.toJSON().Resources[config.LambdaArn['Fn::GetAtt'][0]] };
}

describe('machine clients with claims, groups and the user\'s own trigger: one version-3 trigger', () => {
  const { template, stack } = synth((s: Stack) => ({
    apiScopes: [{ name: 'reports.read' }],
    groups: [{ name: 'admin' }],
    machineClients: [{ name: 'acme-reporting', scopes: ['api/reports.read'], claims: { tenant: 'acme' } }, { name: 'plain', scopes: ['api/reports.read'] }],
    preTokenGeneration: inlineFunction(s, 'Mine'),
    routes: [{ path: '/admin', methods: [HttpMethod.DELETE], handler: inlineFunction(s, 'Admin'), authorization: RouteAuthorization.inGroups(['admin']) }],
  }), (api) => api.addMachineClient({ name: 'globex', scopes: ['api/reports.read'], claims: { tenant: 'globex', plan: 'gold' } }));

  test('the pool runs the construct\'s trigger at event version 3, and only it', () => {
    const { config, fn } = tokenTrigger(template);
    expect(config.LambdaVersion).toBe('V3_0');
    expect(fn.Properties.Description).toBe('cdk-cognito-protected-http-api pre-token-generation trigger (group scopes, machine client claims)');
    template.resourcePropertiesCountIs('AWS::Lambda::Function', { Description: Match.stringLikeRegexp('pre-token-generation trigger') }, 1);
  });

  test('its configuration holds each machine client\'s claims by name, and the user\'s function', () => {
    const { fn } = tokenTrigger(template);
    expect(JSON.parse(fn.Properties.Environment.Variables.MACHINE_CLIENT_CLAIMS)).toEqual({ 'acme-reporting': { tenant: 'acme' }, 'globex': { tenant: 'globex', plan: 'gold' } });
    expect(fn.Properties.Environment.Variables.PRE_TOKEN_GENERATION_FUNCTION).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Mine/), 'Arn'] });
  });

  test('it may list the pool\'s clients (a policy it does not wait for) and invoke the user\'s function', () => {
    const { config, fn } = tokenTrigger(template);
    const roleRef = fn.Properties.Role['Fn::GetAtt'][0];
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: Match.stringLikeRegexp('ClientsPolicy'),
      Roles: [{ Ref: roleRef }],
      PolicyDocument: { Statement: [{ Action: 'cognito-idp:ListUserPoolClients', Effect: 'Allow', Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiUserPool'), 'Arn'] } }] },
    });
    const clientsPolicy = Object.keys(template.findResources('AWS::IAM::Policy', { Properties: { PolicyName: Match.stringLikeRegexp('ClientsPolicy') } }))[0];
    expect(template.toJSON().Resources[config.LambdaArn['Fn::GetAtt'][0]].DependsOn ?? []).not.toContain(clientsPolicy);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: roleRef }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'lambda:InvokeFunction', Resource: Match.arrayWith([{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Mine'), 'Arn'] }]) })]) },
    });
    expect(stack.resolve(fn.Properties.Timeout)).toBe(5);
  });
});

test('claims on a Lambda authorizer\'s API, without group routes, also get the version-3 trigger', () => {
  const { template } = synth(() => ({
    tokenAuthorizer: TokenAuthorizer.lambdaAuthorizer(),
    apiScopes: [{ name: 'reports.read' }],
    machineClients: [{ name: 'acme-reporting', scopes: ['api/reports.read'], claims: { tenant: 'acme' } }],
  }));
  const { config, fn } = tokenTrigger(template);
  expect(config.LambdaVersion).toBe('V3_0');
  expect(fn.Properties.Environment.Variables).toEqual({ MACHINE_CLIENT_CLAIMS: '{"acme-reporting":{"tenant":"acme"}}' });
});

test('without claims or a function of the user\'s, group routes keep the version-2 group-scopes trigger', () => {
  const { template } = synth((s) => ({
    groups: [{ name: 'admin' }],
    apiScopes: [{ name: 'reports.read' }],
    machineClients: [{ name: 'plain', scopes: ['api/reports.read'] }],
    routes: [{ path: '/admin', handler: inlineFunction(s, 'Admin'), authorization: RouteAuthorization.inGroups(['admin']) }],
  }));
  const { config, fn } = tokenTrigger(template);
  expect(config.LambdaVersion).toBe('V2_0');
  expect(fn.Properties.Description).toBe('cdk-cognito-protected-http-api pre-token-generation trigger (group scopes)');
  expect(fn.Properties.Environment).toBeUndefined();
});

test('a function of the user\'s alone gets the version-3 trigger, which then may not list the pool\'s clients', () => {
  const { template } = synth((s) => ({ preTokenGeneration: inlineFunction(s, 'Mine') }));
  expect(tokenTrigger(template).config.LambdaVersion).toBe('V3_0');
  expect(template.findResources('AWS::IAM::Policy', { Properties: { PolicyName: Match.stringLikeRegexp('ClientsPolicy') } })).toEqual({});
});

test('claims past Lambda\'s 4 KB of environment variables fail the synth', () => {
  const clients = (count: number) => () => synth(() => ({ apiScopes: [{ name: 'a' }] }), (api) => {
    for (let i = 0; i < count; i++) api.addMachineClient({ name: `tenant-${i}`, scopes: ['api/a'], claims: { tenant: 'x'.repeat(900) } });
  });
  expect(clients(4)).not.toThrow();
  expect(clients(5)).toThrow(/machineClients: the machine clients' claims \(5 clients, about 4\d{3} bytes\) pass Lambda's limit of 4096 bytes/);
});

import * as fs from 'fs';
import * as path from 'path';
import { AssetStaging } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { RouteAuthorization, TokenAuthorizer } from '../../src';
import { ACCESS_METADATA_KEY } from '../../src/shared/access-metadata';
import { inlineFunction, synth } from '../helpers';

/** `arn:aws:execute-api:eu-west-1:123456789012:<api id>/$default/<rest>`, as the template joins it. */
const invokeArn = (rest: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':execute-api:eu-west-1:123456789012:', { Ref: expect.stringMatching(/^ApiHttpApi/) }, `/$default/${rest}`]],
});

/** The resources of the `execute-api:Invoke` statements in the policies of a role. */
function invokeResources(template: Template, rolePrefix: string): unknown[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(rolePrefix))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement)
    .filter((statement: { Action: unknown }) => statement.Action === 'execute-api:Invoke')
    .flatMap((statement: { Resource: unknown }) => [statement.Resource].flat());
}

describe('IAM-authorized routes next to token-protected ones', () => {
  const { template, stack } = synth((s) => {
    const reporter = inlineFunction(s, 'Reporter');
    const handler = inlineFunction(s, 'Handler');
    return {
      routes: [
        { path: '/me', handler },
        { path: '/internal/report', handler, authorization: RouteAuthorization.iam(), grantees: [reporter] },
        { path: '/internal/items/{id}/files/{proxy+}', methods: [HttpMethod.GET, HttpMethod.PUT], handler, authorization: RouteAuthorization.iam() },
      ],
    };
  }, (api, s) => {
    const auditor = new iam.Role(s, 'Auditor', { assumedBy: new iam.AccountRootPrincipal() });
    api.grantInvoke(auditor, '/internal/items/{id}/files/{proxy+}', HttpMethod.GET);
  });

  test('the IAM routes use AWS_IAM and no authorizer; the other routes keep the JWT authorizer', () => {
    for (const key of ['GET /internal/report', 'GET /internal/items/{id}/files/{proxy+}', 'PUT /internal/items/{id}/files/{proxy+}']) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: key, AuthorizationType: 'AWS_IAM', AuthorizerId: Match.absent() });
    }
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /me', AuthorizationType: 'JWT', AuthorizerId: { Ref: Match.anyValue() } });
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
  });

  test('a route\'s grantees may invoke exactly that route', () => {
    expect(invokeResources(template, 'ReporterServiceRole')).toEqual([invokeArn('GET/internal/report')]);
  });

  test('grantInvoke() with a method grants that method only, path parameters as *', () => {
    expect(invokeResources(template, 'Auditor')).toEqual([invokeArn('GET/internal/items/*/files/*')]);
  });

  test('the metadata says iam, with the grantees\' role ARNs as the template resolves them', () => {
    const metadata = (key: string) => Object.values(template.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: key } }))[0].Metadata[ACCESS_METADATA_KEY];
    expect(metadata('GET /internal/report')).toEqual({
      kind: 'iam',
      scopes: [],
      groups: [],
      machineClients: [],
      authorizer: 'iam',
      grantees: [{ 'Fn::GetAtt': [expect.stringMatching(/^ReporterServiceRole/), 'Arn'] }],
    });
    expect(metadata('GET /internal/items/{id}/files/{proxy+}').grantees).toEqual([{ 'Fn::GetAtt': [expect.stringMatching(/^Auditor/), 'Arn'] }]);
    expect(metadata('PUT /internal/items/{id}/files/{proxy+}').grantees).toEqual([]);
    expect(metadata('GET /me')).not.toHaveProperty('grantees');
  });

  test('an IAM route granted to nobody gets a warning naming it and the fix', () => {
    const warnings = Annotations.fromStack(stack).findWarning('/TestStack/Api', Match.stringLikeRegexp('IAM-authorized')).map((w) => w.entry.data);
    expect(warnings).toEqual([expect.stringMatching(/^route PUT \/internal\/items\/\{id\}\/files\/\{proxy\+\} is IAM-authorized \(RouteAuthorization\.iam\(\)\) but no principal was granted execute-api:Invoke on it, .*give the route grantees, or call grantInvoke\(grantee, path, method\).*\[ack: cdk-cognito-protected-http-api:ungranted-iam-route\]$/)]);
  });
});

test('grantInvoke() without a path grants every IAM route, ANY as *; the Lambda authorizer is not asked about IAM routes', () => {
  const { template, stack, api } = synth((s) => ({
    tokenAuthorizer: TokenAuthorizer.lambdaAuthorizer(),
    routes: [
      { path: '/a', handler: inlineFunction(s, 'A'), authorization: RouteAuthorization.iam() },
      { path: '/b/{id}', methods: [HttpMethod.ANY], handler: inlineFunction(s, 'B'), authorization: RouteAuthorization.iam() },
      { path: '/c', handler: inlineFunction(s, 'C') },
    ],
  }), (built, s) => {
    const grant = built.grantInvoke(new iam.Role(s, 'Caller', { assumedBy: new iam.AccountRootPrincipal() }));
    expect(grant.success).toBe(true);
  });
  expect(invokeResources(template, 'Caller')).toEqual([invokeArn('GET/a'), invokeArn('*/b/*')]);
  Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('IAM-authorized'));
  const staged = api.authorizerFunction!.node.findChild('CodeAsset').node.findChild('Stage') as AssetStaging;
  expect(Object.keys(JSON.parse(fs.readFileSync(path.join(staged.absoluteStagedPath, 'routes.json'), 'utf-8')))).toEqual(['GET /c']);
});

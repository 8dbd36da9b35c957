import { evaluatePolicies, iamPatternMatches } from '../../src/local/api/iam-policy';
import { LambdaAuthorizer } from '../../src/local/api/lambda-authorizer';
import { GatewayRequest } from '../../src/local/api/payload-v2';
import { LocalFunction } from '../../src/local/lambda/runner';

/**
 * IAM's policy evaluation as the runner does it for `execute-api:Invoke` (IAM user guide, "Policy
 * evaluation logic": an explicit Deny overrides any Allow, no Allow is an implicit deny; "IAM JSON
 * policy elements": `*` matches any characters and `?` one, action names are case-insensitive,
 * `NotAction`/`NotResource` match everything except the listed ones).
 */

const ARN = 'arn:aws:execute-api:us-east-1:123456789012:abc123/$default/GET/items/7';
const allow = (statement: Record<string, unknown>) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', ...statement }] });

test.each([
  ['an exact Allow', 'allow', [allow({ Action: 'execute-api:Invoke', Resource: ARN })]],
  ['the action in another case', 'allow', [allow({ Action: 'EXECUTE-API:invoke', Resource: ARN })]],
  ['* and ? in the resource', 'allow', [allow({ Action: 'execute-api:*', Resource: 'arn:aws:execute-api:*:*:abc123/*/GET/items/?' })]],
  ['? matching no character', 'implicitDeny', [allow({ Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:*:*:abc123/*/GET/items/7?' })]],
  ['the resource in another case', 'implicitDeny', [allow({ Action: 'execute-api:Invoke', Resource: ARN.replace('abc123', 'ABC123') })]],
  ['another action only', 'implicitDeny', [allow({ Action: 's3:GetObject', Resource: '*' })]],
  ['NotAction of another action', 'allow', [allow({ NotAction: 's3:*', Resource: '*' })]],
  ['NotResource of this path', 'implicitDeny', [allow({ Action: '*', NotResource: 'arn:aws:execute-api:*:*:*/*/GET/items/*' })]],
  ['an Allow and a Deny in two policies', 'explicitDeny', [allow({ Action: '*', Resource: '*' }), { Statement: { Effect: 'Deny', Action: 'execute-api:Invoke', Resource: ARN } }]],
  ['an Allow with a Condition (not evaluated locally)', 'implicitDeny', [allow({ Action: '*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } })]],
])('%s → %s', (_, decision, documents) => {
  expect(evaluatePolicies(documents, 'execute-api:Invoke', ARN).decision).toBe(decision);
});

test('a conditional statement is named in the notes', () => {
  expect(evaluatePolicies([allow({ Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } })], 'execute-api:Invoke', ARN).notes)
    .toEqual(['a statement with a Condition (Bool) is not evaluated locally']);
});

test('regular-expression characters in a pattern are literal', () => {
  expect(iamPatternMatches('a.b+(c)', 'a.b+(c)')).toBe(true);
  expect(iamPatternMatches('a.b', 'axb')).toBe(false);
});

test('a Lambda authorizer\'s IAM policy response goes through the same evaluation', async () => {
  const answer = (effect: string) => ({ invoke: async () => ({ result: { principalId: 'me', policyDocument: { Statement: [{ Effect: effect, Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:*:*:*/*/GET/*' }] } }, durationMs: 1 }) });
  const authorizer = (effect: string) => new LambdaAuthorizer({
    name: 'policy', identitySources: ['$request.header.Authorization'], enableSimpleResponses: false, resultTtlSeconds: 0, payloadFormatVersion: '2.0',
  }, answer(effect) as unknown as LocalFunction);
  const request = {
    method: 'GET', rawPath: '/items/7', rawQueryString: '', headers: { authorization: 'x' }, body: Buffer.alloc(0), requestId: 'r', domainName: 'abc123.execute-api.us-east-1.amazonaws.com',
  } as unknown as GatewayRequest;
  expect(await authorizer('Allow').authorize(request, 'GET /items/{id}', { id: '7' }, ARN)).toMatchObject({ allowed: true, principalId: 'me' });
  expect(await authorizer('Deny').authorize(request, 'GET /items/{id}', { id: '7' }, ARN)).toMatchObject({ allowed: false, status: 403 });
});

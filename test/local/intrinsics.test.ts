import { IntrinsicContext, resolve, UnresolvableError } from '../../src/local/intrinsics';

/** The intrinsics the CDK emits, resolved through the logical id → emulator id map. */

const context: IntrinsicContext = {
  region: 'eu-west-1',
  account: '123456789012',
  stackName: 'MyStack',
  resources: new Map([
    ['Pool', { ref: 'eu-west-1_abc', attributes: { Arn: 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc' } }],
    ['Fn', { ref: 'MyStack-Fn', attributes: { Arn: 'arn:aws:lambda:eu-west-1:123456789012:function:MyStack-Fn' } }],
  ]),
};

test.each([
  ['Ref to a resource', { Ref: 'Pool' }, 'eu-west-1_abc'],
  ['Ref to a pseudo parameter', { Ref: 'AWS::Region' }, 'eu-west-1'],
  ['Fn::GetAtt as a list', { 'Fn::GetAtt': ['Fn', 'Arn'] }, 'arn:aws:lambda:eu-west-1:123456789012:function:MyStack-Fn'],
  ['Fn::GetAtt as a string', { 'Fn::GetAtt': 'Pool.Arn' }, 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc'],
  ['the construct\'s issuer (Fn::Join)', { 'Fn::Join': ['', ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.amazonaws.com/', { Ref: 'Pool' }]] },
    'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc'],
  ['Fn::Select of Fn::Split (the domain prefix: the stack id\'s UUID)', { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] },
    '00000000-0000-0000-0000-000000000000'],
  ['Fn::Sub with a reference, an attribute and a literal', { 'Fn::Sub': '${Pool}|${Fn.Arn}|${!Literal}' },
    'eu-west-1_abc|arn:aws:lambda:eu-west-1:123456789012:function:MyStack-Fn|${Literal}'],
  ['nested in objects and lists', { a: [{ Ref: 'Pool' }], b: 1 }, { a: ['eu-west-1_abc'], b: 1 }],
])('%s', (_, value, expected) => {
  expect(resolve(value, context)).toEqual(expected);
});

test.each([
  [{ Ref: 'Table' }, /Ref.*Table.*does not emulate/],
  [{ 'Fn::GetAtt': ['Pool', 'ProviderURL'] }, /GetAtt.*Pool.*ProviderURL/],
  [{ 'Fn::ImportValue': 'Shared' }, /Fn::ImportValue is not supported/],
])('%j cannot be resolved locally, and the error says which', (value, message) => {
  expect(() => resolve(value, context)).toThrow(UnresolvableError);
  expect(() => resolve(value, context)).toThrow(message);
});

import { RUNNER_TIMEOUT_MS, TestRunner } from './helpers';
import { startSignInExample } from './sign-in-example';
import type { LocalUserPool } from '../../src/local/app/runner';
import { CognitoClient } from '../../src/local/cognito/client';

/**
 * What an app reads back from Cognito, field by field: each operation that the runner's own clients
 * call, on the sign-in example's pool (a custom domain, passkeys, federation) through the runner's
 * Cognito endpoint, against the top-level fields of the operation's "Response Syntax" in the Cognito
 * API reference. Every documented field is in the answer, or named below with the reason it is not.
 */

jest.setTimeout(RUNNER_TIMEOUT_MS);

const API = 'https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference';

interface ReadBack {
  /** The API reference's page. */
  readonly doc: string;
  /** The top-level fields of its Response Syntax (of the object named by `within`, when it has one). */
  readonly documented: readonly string[];
  /** Documented fields the answer leaves out, each with why. */
  readonly leftOut: Readonly<Record<string, string>>;
}

const NOT_SET = 'the template does not set it for this pool, and Cognito describes only what is set';

const READ_BACKS: Readonly<Record<string, ReadBack>> = {
  DescribeUserPool: {
    doc: `${API}/API_DescribeUserPool.html`,
    documented: [
      'AccountRecoverySetting', 'AdminCreateUserConfig', 'AliasAttributes', 'Arn', 'AutoVerifiedAttributes', 'CreationDate',
      'CustomDomain', 'DeletionProtection', 'DeviceConfiguration', 'Domain', 'EmailConfiguration', 'EmailConfigurationFailure',
      'EmailVerificationMessage', 'EmailVerificationSubject', 'EstimatedNumberOfUsers', 'Id', 'LambdaConfig', 'LastModifiedDate',
      'MfaConfiguration', 'Name', 'Policies', 'SchemaAttributes', 'SmsAuthenticationMessage', 'SmsConfiguration',
      'SmsConfigurationFailure', 'SmsVerificationMessage', 'Status', 'UserAttributeUpdateSettings', 'UsernameAttributes',
      'UsernameConfiguration', 'UserPoolAddOns', 'UserPoolTags', 'UserPoolTier', 'VerificationMessageTemplate',
    ],
    leftOut: {
      AliasAttributes: `${NOT_SET} (it signs in with UsernameAttributes: email)`,
      Domain: 'the pool has a custom domain, which Cognito names in CustomDomain; Domain is a prefix domain\'s',
      DeviceConfiguration: NOT_SET,
      EmailConfigurationFailure: 'Cognito names a failure of the email configuration; locally no email goes through SES, so none fails',
      SmsConfigurationFailure: 'Cognito names a failure of the SMS configuration; locally no SMS goes through SNS, so none fails',
      Status: 'deprecated: the reference says it is no longer used',
      SmsAuthenticationMessage: NOT_SET,
      SmsConfiguration: NOT_SET,
      UserAttributeUpdateSettings: NOT_SET,
      UserPoolTags: NOT_SET,
    },
  },
  DescribeUserPoolClient: {
    doc: `${API}/API_DescribeUserPoolClient.html`,
    documented: [
      'AccessTokenValidity', 'AllowedOAuthFlows', 'AllowedOAuthFlowsUserPoolClient', 'AllowedOAuthScopes', 'AnalyticsConfiguration',
      'AuthSessionValidity', 'CallbackURLs', 'ClientId', 'ClientName', 'ClientSecret', 'CreationDate', 'DefaultRedirectURI',
      'EnablePropagateAdditionalUserContextData', 'EnableTokenRevocation', 'ExplicitAuthFlows', 'IdTokenValidity', 'LastModifiedDate',
      'LogoutURLs', 'PreventUserExistenceErrors', 'ReadAttributes', 'RefreshTokenRotation', 'RefreshTokenValidity',
      'SupportedIdentityProviders', 'TokenValidityUnits', 'UserPoolId', 'WriteAttributes',
    ],
    leftOut: {
      AnalyticsConfiguration: NOT_SET,
      ClientSecret: 'the client has no secret (GenerateSecret: false)',
      CreationDate: 'moto keeps no dates for app clients, and the runner does not make them up',
      DefaultRedirectURI: NOT_SET,
      LastModifiedDate: 'moto keeps no dates for app clients, and the runner does not make them up',
    },
  },
  DescribeUserPoolDomain: {
    doc: `${API}/API_DescribeUserPoolDomain.html`,
    documented: [
      'AWSAccountId', 'CloudFrontDistribution', 'CustomDomainConfig', 'Domain', 'ManagedLoginVersion', 'S3Bucket', 'Status',
      'UserPoolId', 'Version',
    ],
    leftOut: {
      S3Bucket: 'Cognito\'s own store of the hosted pages: the local domain serves its pages itself',
      Version: 'the version of Cognito\'s hosted pages: the local domain has none',
    },
  },
  GetUserPoolMfaConfig: {
    doc: `${API}/API_GetUserPoolMfaConfig.html`,
    documented: ['EmailMfaConfiguration', 'MfaConfiguration', 'SmsMfaConfiguration', 'SoftwareTokenMfaConfiguration', 'WebAuthnConfiguration'],
    leftOut: {
      EmailMfaConfiguration: `${NOT_SET} (EnabledMfas has no EMAIL_OTP)`,
      SmsMfaConfiguration: `${NOT_SET} (EnabledMfas has no SMS_MFA)`,
    },
  },
  ListUserPoolClients: {
    doc: `${API}/API_ListUserPoolClients.html`,
    documented: ['NextToken', 'UserPoolClients'],
    leftOut: { NextToken: 'one page holds all of the pool\'s clients: Cognito sends NextToken only when there are more' },
  },
};

let local: TestRunner;
let front: CognitoClient;
let userPoolId: string;
let clientId: string;
let domain: string;

beforeAll(async () => {
  let pool: LocalUserPool;
  ({ local, front, pool } = await startSignInExample());
  userPoolId = pool.userPoolId;
  clientId = pool.clients[0].clientId;
  domain = pool.domain!;
});

afterAll(async () => {
  await local?.runner.stop();
});

/** Each operation's answer: the object whose fields the reference lists. */
const ANSWERS: Readonly<Record<string, () => Promise<Record<string, unknown>>>> = {
  DescribeUserPool: async () => (await front.call('DescribeUserPool', { UserPoolId: userPoolId })).UserPool,
  DescribeUserPoolClient: async () => (await front.call('DescribeUserPoolClient', { UserPoolId: userPoolId, ClientId: clientId })).UserPoolClient,
  DescribeUserPoolDomain: async () => (await front.call('DescribeUserPoolDomain', { Domain: domain })).DomainDescription,
  GetUserPoolMfaConfig: () => front.call('GetUserPoolMfaConfig', { UserPoolId: userPoolId }),
  ListUserPoolClients: () => front.call('ListUserPoolClients', { UserPoolId: userPoolId, MaxResults: 60 }),
};

/** The fields present (a null counts as absent: the SDKs read it so). */
const present = (answer: Record<string, unknown>) => Object.keys(answer).filter((key) => answer[key] !== null && answer[key] !== undefined);

test.each(Object.keys(READ_BACKS))('%s: every field of the API reference\'s Response Syntax is answered or left out on purpose', async (operation) => {
  const { documented, leftOut } = READ_BACKS[operation];
  const answer = await ANSWERS[operation]();
  const missing = documented.filter((field) => !present(answer).includes(field) && !(field in leftOut));
  expect(missing).toEqual([]);
  // The reasons are true: a field said to be left out is not there.
  expect(Object.keys(leftOut).filter((field) => present(answer).includes(field))).toEqual([]);
});

test('DescribeUserPool names the template\'s custom domain; GetUserPoolMfaConfig its passkey relying party, user verification and MFA', async () => {
  const { UserPool: pool } = await front.call('DescribeUserPool', { UserPoolId: userPoolId });
  expect(pool.CustomDomain).toBe('auth.example.com');
  expect(pool.Domain).toBeUndefined();
  const mfa = await front.call('GetUserPoolMfaConfig', { UserPoolId: userPoolId });
  expect(mfa.WebAuthnConfiguration).toEqual({ RelyingPartyId: 'auth.example.com', UserVerification: 'preferred' });
  expect(mfa.MfaConfiguration).toBe('OPTIONAL');
  expect(mfa.SoftwareTokenMfaConfiguration).toEqual({ Enabled: true });
  const { DomainDescription: description } = await front.call('DescribeUserPoolDomain', { Domain: 'auth.example.com' });
  expect(description).toMatchObject({ UserPoolId: userPoolId, Domain: 'auth.example.com', Status: 'ACTIVE', ManagedLoginVersion: 2 });
});

test('SetUserPoolMfaConfig: what it leaves out stays as it was; a UserVerification other than required or preferred is InvalidParameterException', async () => {
  const before = await front.call('GetUserPoolMfaConfig', { UserPoolId: userPoolId });
  const set = await front.call('SetUserPoolMfaConfig', { UserPoolId: userPoolId, WebAuthnConfiguration: { UserVerification: 'required' } });
  try {
    expect(set).toEqual({ ...before, WebAuthnConfiguration: { RelyingPartyId: 'auth.example.com', UserVerification: 'required' } });
    expect(await front.call('GetUserPoolMfaConfig', { UserPoolId: userPoolId })).toEqual(set);
    await expect(front.call('SetUserPoolMfaConfig', { UserPoolId: userPoolId, WebAuthnConfiguration: { UserVerification: 'discouraged' } }))
      .rejects.toMatchObject({ code: 'InvalidParameterException' });
  } finally {
    await front.call('SetUserPoolMfaConfig', { UserPoolId: userPoolId, WebAuthnConfiguration: before.WebAuthnConfiguration });
  }
});

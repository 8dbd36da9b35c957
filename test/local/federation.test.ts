import { SecretValue, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { apiUrl, call, claimsOf, RUNNER_TIMEOUT_MS, startTestRunner, synthApp, TestRunner } from './helpers';
import { CognitoProtectedHttpApi, SignInProvider, WhoamiFunction } from '../../src';
import { LocalUserPool } from '../../src/local/app/runner';
import { CognitoClient } from '../../src/local/cognito/client';
import { federatedSignIn } from '../example/federated-flow';

/**
 * "Sign in with Google" (and a company's SAML provider) on the local runner, through the providers'
 * local stand-in pages, as Cognito does it with the real providers. AWS pages:
 * - [FED] https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-identity-federation.html
 *   (the profile `<ProviderName>_<subject>`, the group `<poolId>_<ProviderName>`, the `identities` attribute)
 * - [AUTHZ] https://docs.aws.amazon.com/cognito/latest/developerguide/authorization-endpoint.html
 *   (`identity_provider`, `idp_identifier`)
 * - [MAP] https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-specifying-attribute-mapping.html
 *   (AttributeMapping, applied again on each sign-in)
 * - [PSU] https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-sign-up.html
 *   (`PreSignUp_ExternalProvider`; an error fails the sign-in: the app gets `error_description`)
 */

jest.setTimeout(RUNNER_TIMEOUT_MS);

const CALLBACK = 'http://localhost:3000/callback';
const PRE_SIGN_UP = `exports.handler = async (event) => {
  console.log('pre sign-up', event.triggerSource, event.userName);
  if ((event.request.userAttributes.email ?? '').startsWith('reject')) throw new Error('no outsiders');
  return event;
};`;

class FederationStack extends Stack {
  constructor(scope: import('constructs').Construct, id: string) {
    super(scope, id);
    const api = new CognitoProtectedHttpApi(this, 'Api', {
      callbackUrls: [CALLBACK],
      signInProviders: [
        SignInProvider.google({
          clientId: 'g',
          clientSecret: SecretValue.secretsManager('google'),
          attributeMapping: {
            email: cognito.ProviderAttribute.GOOGLE_EMAIL,
            fullname: cognito.ProviderAttribute.GOOGLE_NAME,
            givenName: cognito.ProviderAttribute.GOOGLE_GIVEN_NAME,
            profilePicture: cognito.ProviderAttribute.GOOGLE_PICTURE,
          },
        }),
        SignInProvider.saml({
          name: 'Corporate',
          metadata: cognito.UserPoolIdentityProviderSamlMetadata.url('https://login.example.com/federationmetadata.xml'),
          attributeMapping: { email: cognito.ProviderAttribute.other('http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress') },
        }),
      ],
      routes: [{ path: '/whoami', handler: new WhoamiFunction(this, 'Whoami') }],
    });
    // The SAML provider answers for the company's email domain (idp_identifier).
    const saml = api.node.findAll().find((child) => child instanceof cognito.CfnUserPoolIdentityProvider && child.providerName === 'Corporate');
    (saml as cognito.CfnUserPoolIdentityProvider).idpIdentifiers = ['corp.example'];
    const pool = api.node.findAll().find((child) => child instanceof cognito.UserPool) as cognito.UserPool;
    pool.addTrigger(cognito.UserPoolOperation.PRE_SIGN_UP, new lambda.Function(this, 'PreSignUp', {
      runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline(PRE_SIGN_UP),
    }));
  }
}

let local: TestRunner;
let pool: LocalUserPool;
let oauthUrl: string;
let clientId: string;

beforeAll(async () => {
  local = await startTestRunner(synthApp((app) => new FederationStack(app, 'FederationStack')));
  pool = local.runner.stack('FederationStack').userPools[0];
  oauthUrl = pool.oauth!.url;
  clientId = pool.clients[0].clientId;
});
afterAll(() => local?.runner.stop());

const google = (user: Record<string, string>) => federatedSignIn({ oauthUrl, clientId, provider: 'Google', user, redirectUri: CALLBACK });

describe('a first "Sign in with Google" [FED][AUTHZ][MAP]', () => {
  let idToken: string;
  let state: string;
  let callbackState: string | null;
  let standInUrl: string;
  beforeAll(async () => {
    const result = await google({ sub: '1234567890', email: 'ada@example.com', name: 'Ada Lovelace', given_name: 'Ada', picture: 'https://example.com/ada.png' });
    idToken = result.tokens!.id_token!;
    state = result.state;
    callbackState = result.callback.get('state');
    standInUrl = result.standInUrl;
  });

  test.each([
    ['/oauth2/authorize?identity_provider=Google goes to the provider (its local stand-in) [AUTHZ]', () => expect(new URL(standInUrl).pathname).toBe('/local/idp/Google')],
    ['the code comes back to the callback with the request\'s state [AUTHZ]', () => expect(callbackState).toBe(state)],
    ['cognito:username is <ProviderName>_<subject> [FED]', () => expect(claimsOf(idToken)['cognito:username']).toBe('Google_1234567890')],
    ['the profile is in the group <poolId>_Google [FED]', () => expect(claimsOf(idToken)['cognito:groups']).toEqual([`${pool.userPoolId}_Google`])],
    ['the mapped attributes are claims [MAP]', () => expect(claimsOf(idToken)).toMatchObject({
      email: 'ada@example.com', name: 'Ada Lovelace', given_name: 'Ada', picture: 'https://example.com/ada.png',
    })],
    ['identities is the provider\'s identity [FED]', () => expect(claimsOf(idToken).identities).toEqual([{
      userId: '1234567890', providerName: 'Google', providerType: 'Google', issuer: null, primary: true, dateCreated: expect.any(Number),
    }])],
  ])('%s', (_, check) => check());

  test('the protected API answers 200 with the federated user\'s ID token', async () => {
    const answer = await call(`${apiUrl(local.runner, 'FederationStack', 'Api')}whoami`, { token: idToken });
    expect(answer.status).toBe(200);
  });

  test('the pre sign-up trigger ran with PreSignUp_ExternalProvider for Google_1234567890 [PSU]', () => {
    expect(local.output.join('\n')).toContain('pre sign-up PreSignUp_ExternalProvider Google_1234567890');
  });

  test('a second sign-in of the same subject applies the mapping again (a new name), same profile [MAP]', async () => {
    const again = await google({ sub: '1234567890', email: 'ada@example.com', name: 'Ada King', given_name: 'Ada' });
    const claims = claimsOf(again.tokens!.id_token!);
    expect(claims).toMatchObject({ 'cognito:username': 'Google_1234567890', 'name': 'Ada King', 'sub': claimsOf(idToken).sub });
    expect((local.output.join('\n').match(/pre sign-up PreSignUp_ExternalProvider Google_1234567890/g) ?? []).length).toBe(1);
  });
});

describe('errors', () => {
  const authorize = (params: Record<string, string>) => fetch(`${oauthUrl}/oauth2/authorize?${new URLSearchParams({
    response_type: 'code', client_id: clientId, redirect_uri: CALLBACK, scope: 'openid email', ...params,
  })}`, { redirect: 'manual' });

  test('a failing PreSignUp trigger sends the user back with Cognito\'s error_description [PSU]', async () => {
    const result = await google({ sub: '42', email: 'reject@example.com', name: 'Mallory' });
    expect(Object.fromEntries(result.callback)).toEqual({
      error: 'invalid_request', error_description: 'PreSignUp failed with error no outsiders. ', state: result.state,
    });
  });

  test.each([
    ['an unknown identity_provider: the sign-in page says "Login option is not available. Please try another one" [AUTHZ]',
      { identity_provider: 'Twitter' }, 400, 'Login option is not available. Please try another one'],
    ['a provider name is case-sensitive (google) [AUTHZ]', { identity_provider: 'google' }, 400, 'Login option is not available. Please try another one'],
  ])('%s', async (_, params, status, text) => {
    const answer = await authorize(params);
    const page = await answer.text();
    expect(answer.status).toBe(status);
    expect(page).toContain(text);
  });

  test('the sign-in page offers each provider of the app client, and says the branding is not rendered', async () => {
    const page = await (await authorize({})).text();
    expect(page).toContain('Continue with Google (local stand-in)');
    expect(page).toContain('Continue with Corporate (local stand-in)');
    expect(page).toContain("Managed login's branding is not rendered locally.");
  });

  test('identity_provider=COGNITO: the pool\'s own sign-in page, without the providers [AUTHZ]', async () => {
    const answer = await authorize({ identity_provider: 'COGNITO' });
    const page = await answer.text();
    expect(answer.status).toBe(200);
    expect(page).toContain('id="sign-in"');
    expect(page).not.toContain('Continue with');
  });

  test('a provider of the pool that the app client does not list: an error page, not a redirect', async () => {
    const { UserPoolClient } = await new CognitoClient(local.runner.cognitoEndpoint, 'us-east-1').call('CreateUserPoolClient', {
      UserPoolId: pool.userPoolId,
      ClientName: 'no-google',
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email'],
      CallbackURLs: [CALLBACK],
      SupportedIdentityProviders: ['COGNITO'],
    });
    const answer = await authorize({ client_id: UserPoolClient.ClientId, identity_provider: 'Google' });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('location')).toBeNull();
    expect(await answer.text()).toContain('invalid_request: Google is not a supported identity provider of the app client');
  });

  test('a client that lists Google only (no COGNITO): the page offers Google alone; the pool\'s own sign-in and sign-up are refused', async () => {
    const { UserPoolClient } = await new CognitoClient(local.runner.cognitoEndpoint, 'us-east-1').call('CreateUserPoolClient', {
      UserPoolId: pool.userPoolId,
      ClientName: 'google-only',
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email'],
      CallbackURLs: [CALLBACK],
      SupportedIdentityProviders: ['Google'],
    });
    const params = { response_type: 'code', client_id: UserPoolClient.ClientId, redirect_uri: CALLBACK, scope: 'openid email' };
    const page = await (await authorize({ client_id: UserPoolClient.ClientId })).text();
    expect(page).not.toContain('name="password"');
    expect(page).not.toContain('/signup');
    expect([...page.matchAll(/Continue with (\S+) \(local stand-in\)/g)].map((match) => match[1])).toEqual(['Google']);
    for (const path of ['/login', '/signup']) {
      const answer = await fetch(`${oauthUrl}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...params, username: 'someone@example.com', password: 'Any-Passw0rd!' }),
      });
      expect([path, answer.status]).toEqual([path, 400]);
      expect(await answer.text()).toContain('invalid_request: COGNITO is not a supported identity provider of the app client');
    }
  });
});

describe('SAML [FED][AUTHZ]', () => {
  test('idp_identifier routes to the provider whose IdpIdentifiers lists it; NameID and the mapped SAML attribute make the profile', async () => {
    const result = await federatedSignIn({
      oauthUrl,
      clientId,
      provider: 'Corporate',
      idpIdentifier: 'corp.example',
      redirectUri: CALLBACK,
      user: { 'sub': 'grace@corp.example', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress': 'grace@corp.example' },
    });
    expect(new URL(result.standInUrl).pathname).toBe('/local/idp/Corporate');
    expect(claimsOf(result.tokens!.id_token!)).toMatchObject({
      'cognito:username': 'Corporate_grace@corp.example',
      'email': 'grace@corp.example',
      'cognito:groups': [`${pool.userPoolId}_Corporate`],
      'identities': [expect.objectContaining({ userId: 'grace@corp.example', providerName: 'Corporate', providerType: 'SAML' })],
    });
  });
});

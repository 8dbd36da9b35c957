import { createHash } from 'crypto';
import { apiUrl, claimsOf, cognitoOutcome, oauthPost, RUNNER_TIMEOUT_MS, TestRunner } from './helpers';
import { choiceBasedPools, PoolUnderTest, SIGN_IN_REGION as REGION, startSignInExample } from './sign-in-example';
import { CognitoClient, CognitoError } from '../../src/local/cognito/client';

/**
 * Choice-based sign-in (USER_AUTH) on the sign-in example (passwords, passkeys and email one-time
 * codes as first factors), through the local Cognito endpoint, as Cognito answers it: "Authentication
 * flows: choice-based sign-in" (developer guide) and InitiateAuth / RespondToAuthChallenge in the API
 * reference. The email codes come from the runner's message box.
 */

jest.setTimeout(RUNNER_TIMEOUT_MS);

const PASSWORD = 'Choice-Passw0rd';
let local: TestRunner;
let front: CognitoClient;
/** The pool the tests run on: the sign-in example's, then the same pool created through the API. */
let userPoolId: string;
let clientId: string;
let pools: Record<string, PoolUnderTest> = {};
let url: string;

const outcome = (action: string, body: Record<string, unknown>) => cognitoOutcome(front, action, body);

async function newUser(): Promise<string> {
  const email = `choice-${Math.random().toString(36).slice(2, 8)}@example.com`;
  await front.call('SignUp', { ClientId: clientId, Username: email, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: email }] });
  await front.call('AdminConfirmSignUp', { UserPoolId: userPoolId, Username: email });
  return email;
}

async function lastCode(email: string, kind: string): Promise<string> {
  const { messages } = await (await fetch(`${local.runner.messagesUrl}?username=${encodeURIComponent(email)}&kind=${kind}`)).json() as any;
  return messages[messages.length - 1].code;
}

const userAuth = (email: string, parameters: Record<string, string> = {}) =>
  front.call('InitiateAuth', { ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: email, ...parameters } });

beforeAll(async () => {
  const example = await startSignInExample();
  ({ local, front } = example);
  pools = await choiceBasedPools(example);
  url = apiUrl(local.runner, 'SignInExampleStack', 'Api');
});

afterAll(async () => {
  await local?.runner.stop();
});

describe.each(['template', 'created through the API'])('on a pool: %s', (name) => {
  beforeAll(() => {
    ({ userPoolId, clientId } = pools[name]);
  });

  test('without a preference: SELECT_CHALLENGE lists the pool\'s first factors this user can use (PASSWORD as both password challenges; no passkey registered: no WEB_AUTHN)', async () => {
    const answer = await userAuth(await newUser());
    expect(answer.ChallengeName).toBe('SELECT_CHALLENGE');
    expect(answer.AvailableChallenges.sort()).toEqual(['EMAIL_OTP', 'PASSWORD', 'PASSWORD_SRP']);
  });

  test('EMAIL_OTP: the code goes to the message box; a wrong code is CodeMismatchException, the sent one signs in (the template\'s API accepts the ID token)', async () => {
    const email = await newUser();
    const select = await userAuth(email);
    const challenge = await front.call('RespondToAuthChallenge', {
      ClientId: clientId, ChallengeName: 'SELECT_CHALLENGE', Session: select.Session, ChallengeResponses: { USERNAME: email, ANSWER: 'EMAIL_OTP' },
    });
    expect(challenge.ChallengeName).toBe('EMAIL_OTP');
    expect(challenge.ChallengeParameters.CODE_DELIVERY_DELIVERY_MEDIUM).toBe('EMAIL');
    expect(challenge.ChallengeParameters.CODE_DELIVERY_DESTINATION).toMatch(/^c\*\*\*@e\*\*\*\.com$/);
    const code = await lastCode(email, 'email-otp');
    const respond = (answer: string) => front.call('RespondToAuthChallenge', {
      ClientId: clientId, ChallengeName: 'EMAIL_OTP', Session: challenge.Session, ChallengeResponses: { USERNAME: email, EMAIL_OTP_CODE: answer },
    });
    await expect(respond(code === '000000' ? '111111' : '000000')).rejects.toEqual(new CognitoError('CodeMismatchException', 'Invalid code or auth state for the user.'));
    const { AuthenticationResult } = await respond(code);
    if (name === 'template') expect((await fetch(`${url}protected`, { headers: { authorization: AuthenticationResult.IdToken } })).status).toBe(200);
    else expect(claimsOf(AuthenticationResult.IdToken).iss).toBe(`https://cognito-idp.${REGION}.amazonaws.com/${userPoolId}`);
  });

  test('PREFERRED_CHALLENGE PASSWORD with the password → tokens at once; a wrong one → NotAuthorizedException', async () => {
    const email = await newUser();
    expect((await userAuth(email, { PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD })).AuthenticationResult.AccessToken).toBeDefined();
    expect(await outcome('InitiateAuth', { ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: email, PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD: 'Wrong-Passw0rd' } }))
      .toBe('NotAuthorizedException: Incorrect username or password.');
  });

  test('PREFERRED_CHALLENGE PASSWORD_SRP → the PASSWORD_VERIFIER challenge; a factor the pool does not allow (SMS_OTP) → SELECT_CHALLENGE', async () => {
    const email = await newUser();
    expect((await userAuth(email, { PREFERRED_CHALLENGE: 'PASSWORD_SRP', SRP_A: 'abc123' })).ChallengeName).toBe('PASSWORD_VERIFIER');
    expect((await userAuth(email, { PREFERRED_CHALLENGE: 'SMS_OTP' })).ChallengeName).toBe('SELECT_CHALLENGE');
  });

  test('a client without ALLOW_USER_AUTH → InvalidParameterException; an unknown session → NotAuthorizedException', async () => {
    const { UserPoolClient } = await front.call('CreateUserPoolClient', { UserPoolId: userPoolId, ClientName: 'no-choice', ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH'] });
    expect(await outcome('InitiateAuth', { ClientId: UserPoolClient.ClientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'anyone@example.com' } }))
      .toBe('InvalidParameterException: USER_AUTH flow not enabled for this client');
    expect(await outcome('RespondToAuthChallenge', {
      ClientId: clientId, ChallengeName: 'EMAIL_OTP', Session: 'not-a-session', ChallengeResponses: { USERNAME: 'anyone@example.com', EMAIL_OTP_CODE: '123456' },
    })).toBe('NotAuthorizedException: Invalid session for the user, session is expired.');
  });
});

describe('the local managed login page of this template', () => {
  const callback = 'https://app.example.com/callback';
  const verifier = 'managed-login-verifier-0123456789-abcdefghijklmnopqrstuvwxyz';
  let oauthUrl: string;
  let params: Record<string, string>;

  beforeAll(() => {
    ({ userPoolId, clientId } = pools.template);
    oauthUrl = local.runner.stack('SignInExampleStack').userPools[0].oauth!.url;
    params = {
      response_type: 'code',
      client_id: clientId,
      redirect_uri: callback,
      scope: 'openid email',
      state: 'st-1',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    };
  });

  const postLogin = (form: Record<string, string>) => fetch(`${oauthUrl}/login`, {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ ...params, ...form }),
  });

  test('offers exactly the pool\'s first factors (password form, an EMAIL_OTP form, a line for WEB_AUTHN) and the client\'s providers; sign-up as the pool says', async () => {
    const html = await (await fetch(`${oauthUrl}/oauth2/authorize?${new URLSearchParams(params)}`)).text();
    const { UserPoolClient } = await front.call('DescribeUserPoolClient', { UserPoolId: userPoolId, ClientId: clientId });
    const { UserPool } = await front.call('DescribeUserPool', { UserPoolId: userPoolId });
    expect(html).toContain('id="password"');
    // The template's signInMethods: PASSWORD, PASSKEY (WEB_AUTHN), EMAIL_OTP.
    expect([...html.matchAll(/data-factor="([A-Z_]+)"/g)].map((match) => match[1]).sort()).toEqual(['EMAIL_OTP', 'WEB_AUTHN']);
    expect(html).toContain('id="sign-in-email-otp"');
    expect([...html.matchAll(/Continue with (\S+) \(local stand-in\)/g)].map((match) => match[1]))
      .toEqual(UserPoolClient.SupportedIdentityProviders.filter((name: string) => name !== 'COGNITO'));
    expect(html.includes('id="sign-up"')).toBe(!UserPool.AdminCreateUserConfig.AllowAdminCreateUserOnly);
  });

  test('EMAIL_OTP through the page: the code from the message box (a wrong one shows the page again) → the callback → the code exchanged for tokens', async () => {
    const email = await newUser();
    const started = await postLogin({ factor: 'EMAIL_OTP', username: email });
    const codePage = await started.text();
    expect(started.status).toBe(200);
    const session = /name="session" value="([^"]+)"/.exec(codePage)![1];
    const code = await lastCode(email, 'email-otp');
    const wrong = await postLogin({ factor: 'EMAIL_OTP', username: email, session, code: code === '000000' ? '111111' : '000000' });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('Invalid code or auth state for the user.');
    const signedIn = await postLogin({ factor: 'EMAIL_OTP', username: email, session, code });
    expect(signedIn.status).toBe(302);
    const location = new URL(signedIn.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(callback);
    expect(location.searchParams.get('state')).toBe('st-1');
    const tokens = await oauthPost(`${oauthUrl}/oauth2/token`, {
      grant_type: 'authorization_code', client_id: clientId, code: location.searchParams.get('code')!, redirect_uri: callback, code_verifier: verifier,
    });
    expect(tokens.status).toBe(200);
    expect(claimsOf(tokens.body.id_token).email).toBe(email);
  });
});

test('UpdateUserPool on a pool created through the API: its new SignInPolicy applies at once (EMAIL_OTP no longer offered)', async () => {
  ({ userPoolId, clientId } = pools['created through the API']);
  const email = await newUser();
  expect((await userAuth(email)).AvailableChallenges).toContain('EMAIL_OTP');
  await front.call('UpdateUserPool', {
    UserPoolId: userPoolId, AutoVerifiedAttributes: ['email'], Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } },
  });
  expect((await userAuth(email)).AvailableChallenges.sort()).toEqual(['PASSWORD', 'PASSWORD_SRP']);
});

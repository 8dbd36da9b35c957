import { apiUrl, cognitoOutcome, RUNNER_TIMEOUT_MS, startTestRunner, synthApp, TestRunner } from './helpers';
import { CognitoClient, CognitoError } from '../../src/local/cognito/client';
import { SignInExampleStack } from '../example/sign-in-example-stack';

/**
 * Choice-based sign-in (USER_AUTH) on the sign-in example (passwords, passkeys and email one-time
 * codes as first factors), through the local Cognito endpoint, as Cognito answers it: "Authentication
 * flows: choice-based sign-in" (developer guide) and InitiateAuth / RespondToAuthChallenge in the API
 * reference. The email codes come from the runner's message box.
 */

jest.setTimeout(RUNNER_TIMEOUT_MS);

const REGION = 'us-east-1';
const PASSWORD = 'Choice-Passw0rd';
let local: TestRunner;
let front: CognitoClient;
let userPoolId: string;
let clientId: string;
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
  local = await startTestRunner(synthApp((app) => new SignInExampleStack(app, 'SignInExampleStack')));
  front = new CognitoClient(local.runner.cognitoEndpoint, REGION);
  const [pool] = local.runner.stack('SignInExampleStack').userPools;
  userPoolId = pool.userPoolId;
  clientId = pool.clients[0].clientId;
  url = apiUrl(local.runner, 'SignInExampleStack', 'Api');
});

afterAll(async () => {
  await local?.runner.stop();
});

test('without a preference: SELECT_CHALLENGE lists the pool\'s first factors this user can use (PASSWORD as both password challenges; no passkey registered: no WEB_AUTHN)', async () => {
  const answer = await userAuth(await newUser());
  expect(answer.ChallengeName).toBe('SELECT_CHALLENGE');
  expect(answer.AvailableChallenges.sort()).toEqual(['EMAIL_OTP', 'PASSWORD', 'PASSWORD_SRP']);
});

test('EMAIL_OTP: the code goes to the message box; a wrong code is CodeMismatchException, the sent one signs in and the API accepts the ID token', async () => {
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
  expect((await fetch(`${url}protected`, { headers: { authorization: AuthenticationResult.IdToken } })).status).toBe(200);
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

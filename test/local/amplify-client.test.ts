import { Amplify } from 'aws-amplify';
import { confirmSignUp, fetchAuthSession, signIn, signOut, signUp } from 'aws-amplify/auth';
import { apiUrl, RUNNER_TIMEOUT_MS, startTestRunner, synthApp, TestRunner } from './helpers';
import { CognitoClient, CognitoError } from '../../src/local/cognito/client';
import { BlogExampleStack } from '../example/blog-example-stack';

/**
 * aws-amplify v6, as a frontend uses it, against the runner's Cognito endpoint
 * (`Auth.Cognito.userPoolEndpoint`) on the blog example: sign-up with the code from the runner's
 * message box (a wrong one refused), SRP sign-in (its default flow; a wrong password refused), the
 * session's ID token on the API, and a global sign-out that revokes the session's tokens.
 * Cognito pages: SignUp, ConfirmSignUp, InitiateAuth (USER_SRP_AUTH), RespondToAuthChallenge, GlobalSignOut.
 */

jest.setTimeout(RUNNER_TIMEOUT_MS);

let local: TestRunner;
let url: string;
const email = `amplify-${Math.random().toString(36).slice(2, 8)}@example.com`;
const PASSWORD = 'Amplify-Passw0rd';

/** The name of the error a promise rejects with (Amplify's AuthError or the service's exception), or 'ok'. */
async function errorName(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return (error as Error).name;
  }
}

beforeAll(async () => {
  local = await startTestRunner(synthApp((app) => new BlogExampleStack(app, 'BlogExampleStack')));
  const [pool] = local.runner.stack('BlogExampleStack').userPools;
  url = apiUrl(local.runner, 'BlogExampleStack', 'Api');
  Amplify.configure({
    Auth: { Cognito: { userPoolId: pool.userPoolId, userPoolClientId: pool.clients[0].clientId, userPoolEndpoint: local.runner.cognitoEndpoint } },
  });
});

afterAll(async () => {
  await local?.runner.stop();
});

test('sign-up sends a code to the message box; a wrong code is refused, the sent one confirms', async () => {
  const { nextStep } = await signUp({ username: email, password: PASSWORD, options: { userAttributes: { email } } });
  expect(nextStep.signUpStep).toBe('CONFIRM_SIGN_UP');
  const { messages } = await (await fetch(`${local.runner.messagesUrl}?username=${encodeURIComponent(email)}&kind=sign-up`)).json() as any;
  expect(messages).toHaveLength(1);
  expect(await errorName(confirmSignUp({ username: email, confirmationCode: messages[0].code === '000000' ? '111111' : '000000' }))).toBe('CodeMismatchException');
  expect((await confirmSignUp({ username: email, confirmationCode: messages[0].code })).isSignUpComplete).toBe(true);
});

test('SRP sign-in with a wrong password → NotAuthorizedException', async () => {
  expect(await errorName(signIn({ username: email, password: 'Wrong-Passw0rd' }))).toBe('NotAuthorizedException');
});

test('SRP sign-in with the password → a session whose ID token the API accepts; a global sign-out revokes it', async () => {
  expect((await signIn({ username: email, password: PASSWORD })).isSignedIn).toBe(true);
  const { tokens } = await fetchAuthSession();
  const answer = await fetch(`${url}protected`, { headers: { authorization: tokens!.idToken!.toString() } });
  expect(answer.status).toBe(200);
  const accessToken = tokens!.accessToken.toString();
  await signOut({ global: true });
  const front = new CognitoClient(local.runner.cognitoEndpoint, 'us-east-1');
  await expect(front.call('GetUser', { AccessToken: accessToken })).rejects.toEqual(new CognitoError('NotAuthorizedException', 'Access Token has been revoked'));
});

import { BlogTarget, FlowStep, stepRecorder } from './blog-flow';
import { federatedSignIn } from './federated-flow';
import { CognitoClient } from '../../src/local/cognito/client';

/**
 * The sign-in example's passwordless flow on the local runner: sign up (the confirmation code read
 * from the runner's message box) → choice-based sign-in (USER_AUTH) with an email one-time code, the
 * code again from the message box → GET /protected with the ID token (200); then "Continue with
 * Google" through the runner's stand-in for Google (the code flow with PKCE) → GET /protected (200).
 * Used by `npx projen demo`.
 */

export interface SignInTarget extends BlogTarget {
  /** The runner's message box (`messages` of the endpoints file). */
  readonly messagesUrl: string;
  /** The pool domain's local OAuth 2.0 endpoints (for "Continue with Google"). */
  readonly oauthUrl: string;
  /** A callback URL of the app client. */
  readonly callbackUrl: string;
}

export async function runSignInFlow(target: SignInTarget, onStep: (step: FlowStep) => void = () => {}): Promise<FlowStep[]> {
  const cognito = new CognitoClient(target.cognitoEndpoint, target.region);
  const email = `passwordless-${Date.now().toString(36)}@example.com`;
  const steps: FlowStep[] = [];
  const step = stepRecorder(steps, onStep);
  const lastCode = async (kind: string) => {
    const { messages } = await (await fetch(`${target.messagesUrl}?username=${encodeURIComponent(email)}&kind=${kind}`)).json() as any;
    if (!messages.length) throw new Error(`no ${kind} message for ${email}`);
    return messages[messages.length - 1];
  };
  let session: string | undefined;
  let idToken: string | undefined;

  await step(`Sign up ${email}: a confirmation code in the message box`, async () => {
    const answer = await cognito.call('SignUp', {
      ClientId: target.clientId, Username: email, Password: 'Passwordless-Flow-1', UserAttributes: [{ Name: 'email', Value: email }],
    });
    const message = await lastCode('sign-up');
    return { ok: answer.CodeDeliveryDetails?.DeliveryMedium === 'EMAIL', detail: `sent to ${answer.CodeDeliveryDetails?.Destination}: "${message.text}"` };
  });
  await step('Confirm the sign-up with that code (ConfirmSignUp)', async () => {
    await cognito.call('ConfirmSignUp', { ClientId: target.clientId, Username: email, ConfirmationCode: (await lastCode('sign-up')).code });
    return { ok: true, detail: 'confirmed' };
  });
  await step('Sign in without a password: USER_AUTH with PREFERRED_CHALLENGE EMAIL_OTP', async () => {
    const answer = await cognito.call('InitiateAuth', {
      ClientId: target.clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: email, PREFERRED_CHALLENGE: 'EMAIL_OTP' },
    });
    session = answer.Session;
    return { ok: answer.ChallengeName === 'EMAIL_OTP', detail: `${answer.ChallengeName}, code sent to ${answer.ChallengeParameters?.CODE_DELIVERY_DESTINATION}` };
  });
  await step('Answer with the code from the message box (RespondToAuthChallenge EMAIL_OTP)', async () => {
    const { code } = await lastCode('email-otp');
    const answer = await cognito.call('RespondToAuthChallenge', {
      ClientId: target.clientId, ChallengeName: 'EMAIL_OTP', Session: session, ChallengeResponses: { USERNAME: email, EMAIL_OTP_CODE: code },
    });
    idToken = answer.AuthenticationResult?.IdToken;
    return { ok: typeof idToken === 'string', detail: `code ${code} → tokens` };
  });
  const protectedRoute = async () => {
    const response = await fetch(`${target.apiUrl}protected`, { headers: { authorization: idToken ?? '' } });
    return { ok: response.status === 200, detail: `${response.status} ${(await response.text()).slice(0, 120)}` };
  };
  await step('GET /protected with the ID token → 200', protectedRoute);
  await step('Continue with Google (the local stand-in): /oauth2/authorize?identity_provider=Google, the stand-in form, the code flow', async () => {
    const federated = await federatedSignIn({
      oauthUrl: target.oauthUrl,
      clientId: target.clientId,
      provider: 'Google',
      redirectUri: target.callbackUrl,
      user: { sub: `google-${Date.now().toString(36)}`, email: `ada-${Date.now().toString(36)}@example.com`, email_verified: 'true' },
    });
    idToken = federated.tokens?.id_token;
    const claims = idToken ? JSON.parse(Buffer.from(idToken.split('.')[1], 'base64url').toString('utf-8')) : {};
    return { ok: typeof idToken === 'string', detail: `cognito:username ${claims['cognito:username']}, identities ${JSON.stringify(claims.identities?.map((i: any) => i.providerName))}` };
  });
  await step('GET /protected with the federated user\'s ID token → 200', protectedRoute);
  return steps;
}

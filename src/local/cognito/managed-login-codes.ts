import { decodeJwt } from 'jose';
import { signInCodePage } from './account-pages';
import { CognitoClient, CognitoError } from './client';
import { AccountClient, clientSecretHash } from './managed-login-accounts';

/**
 * One-time-code sign-in on the local managed login page (the pool's `EMAIL_OTP` and `SMS_OTP` first
 * factors), through the runner's Cognito front as an app would run it ("Authentication flows:
 * choice-based sign-in", https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flows-selection-sdk.html):
 * InitiateAuth `USER_AUTH` with `PREFERRED_CHALLENGE` sends the code to the message box, the code
 * page answers RespondToAuthChallenge with `<FACTOR>_CODE`; the front checks the code (a wrong one
 * shows the code page again, with Cognito's message) and runs the authentication triggers. The
 * signed-in user's username comes back for the authorization code. Passkeys (`WEB_AUTHN`) are not
 * offered on the page: browsers take no IP address as relying party.
 */

export const CODE_FACTORS = ['EMAIL_OTP', 'SMS_OTP'];

/** The code page to show, the signed-in user, or the error to show on the sign-in page. */
export type CodeSignInAnswer = { readonly status: number; readonly html: string } | { readonly username: string } | { readonly error: string };

export async function codeSignIn(
  front: CognitoClient, poolId: string, client: AccountClient, form: URLSearchParams, kept: Record<string, string>,
): Promise<CodeSignInAnswer> {
  const factor = form.get('factor')!;
  const username = (form.get('username') ?? '').trim();
  const hash = clientSecretHash(client, username);
  const page = (session: string, error?: string, destination?: string) =>
    ({ status: error ? 400 : 200, html: signInCodePage({ poolId, params: kept, username, factor, session, destination, error }) });
  const session = form.get('session');
  try {
    if (!session) {
      const started = await front.call('InitiateAuth', {
        ClientId: client.ClientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: username, PREFERRED_CHALLENGE: factor, ...hash },
      });
      // SELECT_CHALLENGE: the factor is not available to this user (no email or phone); the words are the local page's own.
      if (started.ChallengeName !== factor) return { error: `Sign-in with ${factor} is not available for this user.` };
      return page(started.Session, undefined, started.ChallengeParameters?.CODE_DELIVERY_DESTINATION);
    }
    const answer = await front.call('RespondToAuthChallenge', {
      ClientId: client.ClientId,
      ChallengeName: factor,
      Session: session,
      ChallengeResponses: { USERNAME: username, [`${factor}_CODE`]: (form.get('code') ?? '').trim(), ...hash },
    });
    return { username: String(decodeJwt(answer.AuthenticationResult.IdToken)['cognito:username']) };
  } catch (error) {
    if (!(error instanceof CognitoError)) throw error;
    return session && error.code === 'CodeMismatchException' ? page(session, error.detail) : { error: error.detail };
  }
}

import { randomBytes } from 'crypto';
import { CognitoError } from '../client';
import { TokenUser } from '../tokens';
import { FrontCall, ok, Reply } from './call';
import { deliver } from './delivery';
import type { FirstFactor } from './first-factor';
import { issueTokens } from './issue-tokens';
import { WEB_AUTHN } from './passkeys';
import { rememberPassword } from './passwords';
import { firstFactorsOf } from './pool-settings';
import type { UserAuthSession } from './sessions';
import { signedIn, startSrpSignIn } from './srp-sign-in';

/**
 * Choice-based sign-in (`USER_AUTH`): InitiateAuth names the user and, optionally, a
 * `PREFERRED_CHALLENGE`; without one (or when it is not available) Cognito answers `SELECT_CHALLENGE`
 * with the `AvailableChallenges` — the pool's `AllowedFirstAuthFactors` that this user can use (an
 * email for `EMAIL_OTP`, a phone for `SMS_OTP`, a passkey for `WEB_AUTHN`) — and the answer picks one:
 * `PASSWORD` (with `PASSWORD`), `PASSWORD_SRP` (with `SRP_A`: the `PASSWORD_VERIFIER` challenge),
 * `EMAIL_OTP` / `SMS_OTP` (a code to the message box, answered with `EMAIL_OTP_CODE` /
 * `SMS_OTP_CODE`), `WEB_AUTHN` (passkeys.ts).
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flows-selection-sdk.html
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html
 */

/** A sign-in session's life (the app client's `AuthSessionValidity` default). */
const SESSION_MS = 3 * 60_000;
/** Wrong one-time codes a session takes before it ends (*unconfirmed*: Cognito does not document the count). */
const MAX_CODE_TRIES = 3;

// signedIn lives beside motoSignIn (srp-sign-in.ts): passkeys.ts needs it without importing this file (whose FACTORS hold WEB_AUTHN).
export { signedIn };

const otp = (attribute: 'email' | 'phone_number', kind: 'email-otp' | 'sms-otp', responseName: string): FirstFactor => ({
  available: (_call, user) => !!user.attributes[attribute],
  start: async (call, user, session) => {
    const { pool, services } = call;
    const details = await deliver(call, {
      username: user.username,
      attributes: user.attributes,
      attribute,
      kind,
      code: services.state.codes.issue(pool.userPoolId, user.username, kind, attribute),
      triggerSource: 'CustomMessage_Authentication',
    });
    return ok({
      ChallengeName: kind === 'email-otp' ? 'EMAIL_OTP' : 'SMS_OTP',
      Session: session,
      ChallengeParameters: {
        CODE_DELIVERY_DELIVERY_MEDIUM: details.DeliveryMedium, CODE_DELIVERY_DESTINATION: details.Destination, USERNAME: user.username,
      },
    });
  },
  answer: async (call, session) => {
    const { pool, services } = call;
    try {
      services.state.codes.check(pool.userPoolId, session.username, kind, call.body.ChallengeResponses?.[responseName]);
    } catch (error) {
      if (!(error instanceof CognitoError)) throw error;
      if (++session.wrongCodes >= MAX_CODE_TRIES) services.state.userAuthSessions.delete(String(call.body.Session));
      throw error.code === 'CodeMismatchException' ? new CognitoError('CodeMismatchException', 'Invalid code or auth state for the user.') : error;
    }
    services.state.codes.use(pool.userPoolId, session.username, kind);
    services.state.userAuthSessions.delete(String(call.body.Session));
    return signedIn(call, session.username);
  },
});

const FACTORS: Readonly<Record<string, FirstFactor>> = {
  PASSWORD: {
    available: () => true,
    start: async (call, user, _session, responses) => {
      const password = responses.PASSWORD;
      if (typeof password !== 'string') throw new CognitoError('InvalidParameterException', 'Missing required parameter PASSWORD');
      const result = await call.cognito.call('AdminInitiateAuth', {
        UserPoolId: call.pool.userPoolId,
        ClientId: call.body.ClientId,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: user.username, PASSWORD: password },
      }).catch((error) => {
        if (error instanceof CognitoError && error.code === 'NotAuthorizedException') throw new CognitoError(error.code, 'Incorrect username or password.');
        throw error;
      });
      await rememberPassword(call, user.username, password);
      await issueTokens(call, result, { refresh: false, username: user.username });
      return ok(result);
    },
  },
  PASSWORD_SRP: {
    available: () => true,
    start: (call, user, _session, responses) =>
      startSrpSignIn(call.withBody({ ...call.body, AuthParameters: { ...responses, USERNAME: user.username } }), user),
  },
  EMAIL_OTP: otp('email', 'email-otp', 'EMAIL_OTP_CODE'),
  SMS_OTP: otp('phone_number', 'sms-otp', 'SMS_OTP_CODE'),
  WEB_AUTHN,
};

/** Starts the chosen factor, or answers SELECT_CHALLENGE with the available ones. */
async function choose(call: FrontCall, user: TokenUser, choice: string | undefined, responses: Record<string, any>): Promise<Reply> {
  const { pool, services } = call;
  const available: string[] = [];
  // The PASSWORD factor offers both password challenges (PASSWORD and PASSWORD_SRP).
  const challenges = (await firstFactorsOf(call)).flatMap((factor) => factor === 'PASSWORD' ? ['PASSWORD', 'PASSWORD_SRP'] : [factor]);
  for (const name of challenges) if (FACTORS[name] && await FACTORS[name].available(call, user)) available.push(name);
  const session = randomBytes(48).toString('base64');
  const state: UserAuthSession = {
    userPoolId: pool.userPoolId, clientId: call.body.ClientId, username: user.username, available, wrongCodes: 0, expiresAt: Date.now() + SESSION_MS,
  };
  services.state.userAuthSessions.set(session, state);
  if (choice && available.includes(choice)) {
    state.challenge = choice;
    return FACTORS[choice].start(call, user, session, responses);
  }
  return ok({ ChallengeName: 'SELECT_CHALLENGE', Session: session, AvailableChallenges: available, ChallengeParameters: { USERNAME: user.username } });
}

/** InitiateAuth / AdminInitiateAuth with `USER_AUTH`. */
export async function startUserAuth(call: FrontCall, user: TokenUser | undefined): Promise<Reply> {
  if (!user) throw new CognitoError('UserNotFoundException', 'User does not exist.');
  const parameters = call.body.AuthParameters ?? {};
  return choose(call, user, parameters.PREFERRED_CHALLENGE, parameters);
}

function openSession(call: FrontCall): UserAuthSession {
  const session = call.services.state.userAuthSessions.get(String(call.body.Session));
  if (!session || session.expiresAt < Date.now() || session.userPoolId !== call.pool.userPoolId || session.clientId !== call.body.ClientId) {
    throw new CognitoError('NotAuthorizedException', 'Invalid session for the user, session is expired.');
  }
  return session;
}

/** RespondToAuthChallenge `SELECT_CHALLENGE`: `ANSWER` names the factor (with its own responses). */
export async function answerSelectChallenge(call: FrontCall): Promise<Reply> {
  const session = openSession(call);
  const responses = call.body.ChallengeResponses ?? {};
  const answer = String(responses.ANSWER ?? '');
  if (!session.available.includes(answer)) {
    throw new CognitoError('InvalidParameterException', `${answer || 'ANSWER'} is not one of the available challenges: ${session.available.join(', ')}`);
  }
  call.services.state.userAuthSessions.delete(String(call.body.Session));
  return choose(call, await call.user(session.username), answer, responses);
}

/** RespondToAuthChallenge with a factor's own challenge (EMAIL_OTP, SMS_OTP, WEB_AUTHN). */
export function factorChallenge(name: string): (call: FrontCall) => Promise<Reply> {
  return async (call) => {
    const session = openSession(call);
    if (session.challenge !== name) throw new CognitoError('InvalidParameterException', `The session waits for ${session.challenge ?? 'SELECT_CHALLENGE'}, not ${name}.`);
    return FACTORS[name].answer!(call, session);
  };
}

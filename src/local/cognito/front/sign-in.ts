import { CognitoError } from '../client';
import { FrontCall, ok, Operation, passOn, Reply } from './call';
import { issueTokens } from './issue-tokens';
import { newPasswordRequired, rememberPassword, rememberVerifier } from './passwords';
import { answerPasswordVerifier, findSignInUser, startSrpSignIn } from './srp-sign-in';
import { answerSelectChallenge, factorChallenge, startUserAuth } from './user-auth';

/**
 * Sign-in (`InitiateAuth`, `AdminInitiateAuth`, `RespondToAuthChallenge`,
 * `AdminRespondToAuthChallenge`): PreAuthentication before, the tokens issued again as Cognito
 * issues them (issue-tokens.ts) after. SRP (`USER_SRP_AUTH` and its `PASSWORD_VERIFIER`) is answered
 * by the front (srp-sign-in.ts); a password flow that succeeded remembers the password's verifier,
 * so the same user can sign in with SRP.
 */

const PASSWORD_FLOWS = ['USER_PASSWORD_AUTH', 'ADMIN_USER_PASSWORD_AUTH', 'ADMIN_NO_SRP_AUTH'];

const initiateAuth: Operation = async (call) => {
  const { body } = call;
  const flow = String(body.AuthFlow);
  const refresh = /REFRESH_TOKEN/.test(flow);
  const username = body.AuthParameters?.USERNAME;
  const refreshed = refresh ? call.services.state.tokens.refreshToken(String(body.AuthParameters?.REFRESH_TOKEN)) : undefined;
  if (refreshed && call.services.state.tokens.isRevoked(refreshed)) throw new CognitoError('NotAuthorizedException', 'Refresh Token has been revoked');
  if (refreshed && refreshed.expiresAt <= Date.now() / 1000) throw new CognitoError('NotAuthorizedException', 'Refresh Token has expired');
  const before = !refresh && username ? await findSignInUser(call, String(username)) : undefined;
  if (before) {
    await call.trigger('PreAuthentication', 'PreAuthentication_Authentication', before.username, {
      userAttributes: before.attributes, validationData: body.ClientMetadata ?? {},
    });
  }
  if (flow === 'USER_SRP_AUTH') return startSrpSignIn(call, before);
  if (flow === 'USER_AUTH') return startUserAuth(call, before);
  const password = PASSWORD_FLOWS.includes(flow) ? body.AuthParameters?.PASSWORD : undefined;
  // moto resolves no alias: it is given the username the alias names (unless a SECRET_HASH was computed over the alias).
  const forwarded = before && !body.AuthParameters?.SECRET_HASH
    ? { ...body, AuthParameters: { ...body.AuthParameters, USERNAME: before.username } }
    : body;
  const answer = await call.forward(forwarded);
  if (answer.status !== 200) return passOn(incorrectPassword(answer, username));
  const result = JSON.parse(answer.text);
  const user = await issueTokens(call, result, { refresh, username });
  // The user signed in is named by moto's username already (issueTokens loaded it): no lookup.
  if (typeof password === 'string' && user) rememberVerifier(call, user.username, password);
  else if (typeof password === 'string') await rememberPassword(call, before?.username ?? String(username), password);
  return ok(result);
};

/** moto answers a wrong password on AdminInitiateAuth with the username as message: Cognito's words instead. */
function incorrectPassword(answer: Parameters<typeof passOn>[0], username: unknown): Parameters<typeof passOn>[0] {
  try {
    const error = JSON.parse(answer.text);
    if (String(error.__type).endsWith('NotAuthorizedException') && error.message === username) {
      return { ...answer, text: JSON.stringify({ ...error, message: 'Incorrect username or password.' }) };
    }
  } catch {
    // not JSON: moto's answer as it is
  }
  return answer;
}

/** The challenges the front answers itself or around moto; any other is moto's, its tokens issued again. */
const CHALLENGES: Readonly<Record<string, (call: FrontCall) => Promise<Reply>>> = {
  PASSWORD_VERIFIER: answerPasswordVerifier,
  SELECT_CHALLENGE: answerSelectChallenge,
  EMAIL_OTP: factorChallenge('EMAIL_OTP'),
  SMS_OTP: factorChallenge('SMS_OTP'),
  WEB_AUTHN: factorChallenge('WEB_AUTHN'),
  NEW_PASSWORD_REQUIRED: async (call) => {
    await newPasswordRequired.check(call);
    const reply = await motoChallenge(call);
    const username = call.body.ChallengeResponses?.USERNAME;
    if ('json' in reply && reply.status === 200 && username) await newPasswordRequired.remember(call, String(username));
    return reply;
  },
};

async function motoChallenge(call: FrontCall): Promise<Reply> {
  const answer = await call.forward();
  if (answer.status !== 200) return passOn(answer);
  const result = JSON.parse(answer.text);
  await issueTokens(call, result, { refresh: false, username: call.body.ChallengeResponses?.USERNAME });
  return ok(result);
}

const respondToAuthChallenge: Operation = (call) => (CHALLENGES[String(call.body.ChallengeName)] ?? motoChallenge)(call);

export const SIGN_IN_OPERATIONS: Readonly<Record<string, Operation>> = {
  InitiateAuth: initiateAuth,
  AdminInitiateAuth: initiateAuth,
  RespondToAuthChallenge: respondToAuthChallenge,
  AdminRespondToAuthChallenge: respondToAuthChallenge,
};


import { CognitoError } from '../client';
import { FrontCall, ok, Operation, passOn } from './call';
import { checkPasswordPolicy } from './password-policy';
import { srpVerifier } from './srp';

/**
 * Every way a password is set, as far as the front must know it: the pool's policy checked first
 * (Cognito's `InvalidPasswordException` texts, password-policy.ts), and, once moto took the password,
 * the user's SRP verifier (salt and `v = g^x`, never the password) kept in `FrontState` so that
 * `USER_SRP_AUTH` sign-ins can be verified (srp-sign-in.ts). Sign-up and sign-in call
 * {@link rememberPassword}, and so do AdminCreateUser (invitation.ts) and ConfirmForgotPassword
 * (forgot-password.ts); the operations here are AdminSetUserPassword and ChangePassword.
 */

/** A pool's name as SRP uses it: its id after `_` (amazon-cognito-identity-js's `getUserPoolName`). */
export const srpPoolName = (userPoolId: string): string => userPoolId.split('_')[1] ?? userPoolId;

/** The key of a user's verifier in `FrontState.verifiers` (`username`: moto's username, `USER_ID_FOR_SRP`). */
export const verifierKey = (userPoolId: string, username: string): string => `${userPoolId}/${username}`;

/**
 * Keeps the verifier of `password` for the user `username` (any name moto resolves: the username, or
 * the email of a pool whose usernames are emails), under moto's username, which is `USER_ID_FOR_SRP`.
 */
export async function rememberPassword(call: FrontCall, username: string, password: string): Promise<void> {
  const { Username } = await call.cognito.call('AdminGetUser', { UserPoolId: call.pool.userPoolId, Username: username });
  rememberVerifier(call, Username, password);
}

/** Keeps the verifier of `password` for the user whose moto username (`USER_ID_FOR_SRP`) is `username`. */
export function rememberVerifier(call: FrontCall, username: string, password: string): void {
  const { userPoolId } = call.pool;
  call.services.state.verifiers.set(verifierKey(userPoolId, username), srpVerifier(srpPoolName(userPoolId), username, password));
}

/** Checks the policy, passes the call on, and remembers the password once moto took it. */
function settingPassword(password: (body: Record<string, any>) => unknown, username: (call: FrontCall) => Promise<string> | string): Operation {
  return async (call) => {
    const given = password(call.body);
    await checkPasswordPolicy(call, given);
    const answer = await call.forward();
    if (answer.status === 200 && typeof given === 'string') await rememberPassword(call, await username(call), given);
    return passOn(answer);
  };
}

/**
 * ChangePassword: the user is the access token's — a token the front issued names its sign-in (the
 * front has checked it is neither revoked nor expired), any other must verify as the pool's; the
 * previous password is checked through moto (`ADMIN_USER_PASSWORD_AUTH`), the new one set with
 * `AdminSetUserPassword` (permanent, as moto's own ChangePassword leaves the user CONFIRMED).
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ChangePassword.html
 */
const changePassword: Operation = async (call) => {
  const { AccessToken, PreviousPassword, ProposedPassword } = call.body;
  const { pool, services } = call;
  const { username, clientId } = call.signIn ?? await services.signer.verify(String(AccessToken), pool.issuer).then((claims) => {
    if (claims.token_use !== 'access') throw new Error('not an access token');
    return { username: String(claims.username), clientId: String(claims.client_id) };
  }).catch(() => {
    throw new CognitoError('NotAuthorizedException', 'Invalid Access Token');
  });
  await checkPasswordPolicy(call, ProposedPassword);
  await call.cognito.call('AdminInitiateAuth', {
    UserPoolId: pool.userPoolId,
    ClientId: clientId,
    AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: username, PASSWORD: String(PreviousPassword) },
  }).catch((error) => {
    if (error instanceof CognitoError && error.code === 'NotAuthorizedException') throw new CognitoError(error.code, 'Incorrect username or password.');
    throw error;
  });
  await call.cognito.call('AdminSetUserPassword', { UserPoolId: pool.userPoolId, Username: username, Password: ProposedPassword, Permanent: true });
  await rememberPassword(call, username, String(ProposedPassword));
  return ok({});
};

export const PASSWORD_OPERATIONS: Readonly<Record<string, Operation>> = {
  AdminSetUserPassword: settingPassword((body) => body.Password, (call) => call.body.Username),
  ChangePassword: changePassword,
};

/** NEW_PASSWORD_REQUIRED's answer: the policy first; the new password remembered once moto took it. */
export const newPasswordRequired = {
  check: (call: FrontCall) => checkPasswordPolicy(call, call.body.ChallengeResponses?.NEW_PASSWORD),
  remember: (call: FrontCall, username: string) => rememberPassword(call, username, String(call.body.ChallengeResponses?.NEW_PASSWORD)),
};

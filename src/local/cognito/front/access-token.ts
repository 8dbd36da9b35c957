import { decodeJwt } from 'jose';
import { CognitoError } from '../client';
import { FrontCall, ok, Operation, passOn } from './call';
import { ExistingUser, existingUser } from './user-existence';

/**
 * The operations authorized by the user's access token (`GetUser`, `UpdateUserAttributes`, …). moto
 * accepts only the access tokens it issued itself (it looks them up among its own, never checks a
 * signature), and the front re-issues every token: a token of the front's sign-ins names its sign-in
 * (issued-tokens.ts; the front hands moto moto's own token for it), any other token the front signed
 * (the pool domain's code flow) is checked here (signature, `iss`, expiry, `token_use`, scope).
 */

/** The app client an access token names (unverified: only to find the pool; the operation verifies). */
export function clientOfAccessToken(token: unknown): string | undefined {
  try {
    const clientId = typeof token === 'string' ? decodeJwt(token).client_id : undefined;
    return typeof clientId === 'string' ? clientId : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The username of a valid access token of the call's pool that the front signed outside its sign-ins.
 * Cognito's errors: "Invalid Access Token" (bad signature, wrong pool), "Access Token has expired",
 * and "Access Token does not have required scopes" without `aws.cognito.signin.user.admin` (GetUser:
 * "Authorized with the user's access token… the aws.cognito.signin.user.admin scope").
 */
async function verifiedUsername(call: FrontCall): Promise<string> {
  let claims: Record<string, unknown>;
  try {
    claims = await call.services.signer.verify(String(call.body.AccessToken ?? ''), call.pool.issuer);
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_JWT_EXPIRED') throw new CognitoError('NotAuthorizedException', 'Access Token has expired');
    throw new CognitoError('NotAuthorizedException', 'Invalid Access Token');
  }
  if (claims.token_use !== 'access') throw new CognitoError('NotAuthorizedException', 'Invalid Access Token');
  if (!String(claims.scope ?? '').split(' ').includes('aws.cognito.signin.user.admin')) {
    throw new CognitoError('NotAuthorizedException', 'Access Token does not have required scopes');
  }
  return String(claims.username);
}

/** The call's `AccessToken`'s user. */
export async function accessTokenUser(call: FrontCall): Promise<ExistingUser> {
  const user = await existingUser(call, call.signIn?.username ?? await verifiedUsername(call));
  if (!user) throw new CognitoError('UserNotFoundException', 'User does not exist.');
  return user;
}

/** GetUser: moto's answer for a token it knows; for another token of the front's, AdminGetUser's with GetUser's fields. */
const getUser: Operation = async (call) => {
  if (call.signIn || !call.services.signer.issued(String(call.body.AccessToken))) return passOn(await call.forward());
  const user = await call.cognito.call('AdminGetUser', { UserPoolId: call.pool.userPoolId, Username: await verifiedUsername(call) });
  if (user.Enabled === false) throw new CognitoError('NotAuthorizedException', 'User is disabled.');
  const fields = ['Username', 'UserAttributes', 'MFAOptions', 'PreferredMfaSetting', 'UserMFASettingList'];
  return ok(Object.fromEntries(fields.filter((name) => user[name] !== undefined).map((name) => [name, user[name]])));
};

export const ACCESS_TOKEN_OPERATIONS: Readonly<Record<string, Operation>> = {
  GetUser: getUser,
};

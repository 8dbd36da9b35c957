import { decodeJwt } from 'jose';
import { CognitoError } from '../client';
import { FrontCall } from './call';
import { ExistingUser, existingUser } from './user-existence';

/**
 * The user of an operation called with an access token (`AccessToken`): a token of the front's
 * sign-ins names its sign-in (issued-tokens.ts); any other token the front issued (the pool domain's
 * code flow) is checked here with the front's key and the pool's issuer.
 */

/** The app client an access token names (`client_id`, unverified: only to find its pool). */
export function clientOfAccessToken(token: unknown): string | undefined {
  try {
    const clientId = typeof token === 'string' ? decodeJwt(token).client_id : undefined;
    return typeof clientId === 'string' ? clientId : undefined;
  } catch {
    return undefined;
  }
}

/** The call's `AccessToken`'s user; `NotAuthorizedException` "Invalid Access Token" / "Access Token has expired" as Cognito answers. */
export async function accessTokenUser(call: FrontCall): Promise<ExistingUser> {
  // A token of the front's sign-ins: already checked (not revoked, not expired) by the front.
  if (call.signIn) {
    const signedIn = await existingUser(call, call.signIn.username);
    if (!signedIn) throw new CognitoError('UserNotFoundException', 'User does not exist.');
    return signedIn;
  }
  let claims: Record<string, unknown>;
  try {
    claims = await call.services.signer.verify(String(call.body.AccessToken ?? ''), call.pool.issuer);
  } catch (error: any) {
    throw new CognitoError('NotAuthorizedException', error?.code === 'ERR_JWT_EXPIRED' ? 'Access Token has expired' : 'Invalid Access Token');
  }
  if (claims.token_use !== 'access') throw new CognitoError('NotAuthorizedException', 'Invalid Access Token');
  const user = await existingUser(call, claims.username);
  if (!user) throw new CognitoError('UserNotFoundException', 'User does not exist.');
  return user;
}

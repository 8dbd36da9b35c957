import { timingSafeEqual } from 'crypto';
import { CognitoError } from '../client';
import { ok, Operation, passOn } from './call';

/**
 * Revoking tokens ("Revoking tokens"; RevokeToken, GlobalSignOut, AdminUserGlobalSignOut in the API
 * reference): the front records the revoked sign-ins (issued-tokens.ts), so that their refresh tokens
 * and, on every later Cognito call, their access tokens are refused.
 */

const sameSecret = (given: string, expected: string) =>
  given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));

/** RevokeToken: one refresh token's sign-in; the client must have token revocation on (`EnableTokenRevocation`). */
const revokeToken: Operation = async (call) => {
  const { body, services } = call;
  const client = await call.client();
  if (!client) throw new CognitoError('InvalidParameterException', `Client ${body.ClientId} does not exist.`);
  if (client.ClientSecret && !sameSecret(String(body.ClientSecret ?? ''), client.ClientSecret)) {
    throw new CognitoError('UnauthorizedException', `Invalid client secret for client ${client.ClientId}`);
  }
  if (client.EnableTokenRevocation === false) {
    throw new CognitoError('UnsupportedOperationException', `Token revocation is not enabled for client ${client.ClientId}`);
  }
  const signIn = services.state.tokens.refreshToken(String(body.Token ?? ''));
  if (signIn && signIn.clientId !== client.ClientId) throw new CognitoError('UnauthorizedException', 'The refresh token was not issued to this client');
  if (signIn) services.state.tokens.revoke(signIn);
  return ok({});
};

/** GlobalSignOut (the caller's access token, already checked by the front) and AdminUserGlobalSignOut. */
const globalSignOut: Operation = async (call) => {
  const answer = await call.forward();
  if (answer.status !== 200) return passOn(answer);
  const username = call.action === 'GlobalSignOut' ? call.signIn?.username : call.body.Username;
  if (username) call.services.state.tokens.signOut(call.pool.userPoolId, (await call.user(username)).username);
  return passOn(answer);
};

export const REVOCATION_OPERATIONS: Readonly<Record<string, Operation>> = {
  RevokeToken: revokeToken,
  GlobalSignOut: globalSignOut,
  AdminUserGlobalSignOut: globalSignOut,
};

import { CognitoError } from '../client';
import { attributesOf, FrontCall } from './call';
import { CodeDeliveryDetails, deliveryDetails } from './delivery';

/**
 * The user an unauthenticated call names, and what it answers when there is none: with the app
 * client's `PreventUserExistenceErrors` `ENABLED` ("Managing user existence error responses" in the
 * developer guide), ForgotPassword and ResendConfirmationCode answer a simulated delivery and
 * ConfirmForgotPassword `CodeMismatchException`; with `LEGACY` (the API's default) they all answer
 * `UserNotFoundException` "Username/client id combination not found.".
 */

/** A user as AdminGetUser answers: its username (not an alias), attributes and status. */
export interface ExistingUser {
  readonly username: string;
  readonly attributes: Record<string, string>;
  readonly status: string;
}

export const USER_NOT_FOUND = (): CognitoError => new CognitoError('UserNotFoundException', 'Username/client id combination not found.');

/** The user named `username` (or an alias of it), or undefined when the pool has none. */
export async function existingUser(call: FrontCall, username: unknown): Promise<ExistingUser | undefined> {
  try {
    const got = await call.cognito.call('AdminGetUser', { UserPoolId: call.pool.userPoolId, Username: String(username ?? '') });
    return { username: got.Username, attributes: attributesOf(got.UserAttributes), status: got.UserStatus };
  } catch (error) {
    if (error instanceof CognitoError && error.code === 'UserNotFoundException') return undefined;
    throw error;
  }
}

/** Whether the call's app client hides unknown users (`PreventUserExistenceErrors: ENABLED`). */
export async function hidesUnknownUsers(call: FrontCall): Promise<boolean> {
  return (await call.client())?.PreventUserExistenceErrors === 'ENABLED';
}

/**
 * The delivery answered for a user that does not exist, when the client hides unknown users: an
 * email address made from the username (*unconfirmed*: the developer guide says only "a simulated
 * delivery medium"). No message is sent.
 */
export function simulatedDelivery(username: unknown): CodeDeliveryDetails {
  const name = String(username ?? '');
  return deliveryDetails('email', name.includes('@') ? name : `${name || 'u'}@example.com`);
}

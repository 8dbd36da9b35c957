import { createHmac, timingSafeEqual } from 'crypto';
import { CognitoError } from '../client';
import { TokenValidities } from '../token-validity';

/**
 * The app client's rules, enforced on every call that names it (moto ignores them):
 * - `ExplicitAuthFlows`: a flow the client does not allow → `InvalidParameterException`
 *   ("USER_PASSWORD_AUTH flow not enabled for this client"; the admin flow: "Auth flow not enabled for
 *   this client"). Without a list, Cognito allows refresh, SRP and custom authentication.
 * - `SECRET_HASH` (`SecretHash`): required and verified for a client with a secret —
 *   Base64(HMAC-SHA256(secret, username + clientId)) ("Computing secret hash values"); missing →
 *   `NotAuthorizedException` "Client <id> is configured for secret but secret was not received", wrong →
 *   "Unable to verify secret hash for client <id>".
 * - `PreventUserExistenceErrors: ENABLED`: sign-in for an unknown user answers
 *   `NotAuthorizedException` "Incorrect username or password." instead of `UserNotFoundException`
 *   ("Managing error responses").
 */

/** DescribeUserPoolClient's fields these rules read. */
export interface AppClient extends TokenValidities {
  readonly ClientId: string;
  readonly ClientSecret?: string;
  readonly ExplicitAuthFlows?: readonly string[];
  readonly PreventUserExistenceErrors?: string;
  readonly EnableTokenRevocation?: boolean;
}

/** The client settings (ExplicitAuthFlows values) that allow each AuthFlow, the legacy names included. */
const ALLOWED_BY: Readonly<Record<string, readonly string[]>> = {
  USER_PASSWORD_AUTH: ['ALLOW_USER_PASSWORD_AUTH', 'USER_PASSWORD_AUTH'],
  USER_SRP_AUTH: ['ALLOW_USER_SRP_AUTH'],
  REFRESH_TOKEN_AUTH: ['ALLOW_REFRESH_TOKEN_AUTH'],
  REFRESH_TOKEN: ['ALLOW_REFRESH_TOKEN_AUTH'],
  CUSTOM_AUTH: ['ALLOW_CUSTOM_AUTH', 'CUSTOM_AUTH_FLOW_ONLY'],
  USER_AUTH: ['ALLOW_USER_AUTH'],
  ADMIN_USER_PASSWORD_AUTH: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ADMIN_NO_SRP_AUTH'],
  ADMIN_NO_SRP_AUTH: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ADMIN_NO_SRP_AUTH'],
};

/** "If you don't specify a value for ExplicitAuthFlows, your user client supports ALLOW_REFRESH_TOKEN_AUTH, ALLOW_USER_SRP_AUTH, and ALLOW_CUSTOM_AUTH." */
const DEFAULT_FLOWS = ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH'];

/** The error for an `AuthFlow` the client does not allow (undefined: allowed, or a flow Cognito does not know, which moto refuses). */
export function authFlowError(client: AppClient, authFlow: string, admin: boolean): CognitoError | undefined {
  const allowedBy = ALLOWED_BY[authFlow];
  if (!allowedBy) return undefined;
  const flows = client.ExplicitAuthFlows?.length ? client.ExplicitAuthFlows : DEFAULT_FLOWS;
  if (allowedBy.some((flow) => flows.includes(flow))) return undefined;
  return new CognitoError('InvalidParameterException', admin ? 'Auth flow not enabled for this client' : `${authFlow} flow not enabled for this client`);
}

export function secretHash(secret: string, username: string, clientId: string): string {
  return createHmac('sha256', secret).update(username + clientId).digest('base64');
}

/** The error for a missing or wrong secret hash (undefined: the client has no secret, or the hash is right). */
export function secretHashError(client: AppClient, username: string | undefined, given: string | undefined): CognitoError | undefined {
  if (!client.ClientSecret) return undefined;
  if (!given) return new CognitoError('NotAuthorizedException', `Client ${client.ClientId} is configured for secret but secret was not received`);
  const expected = Buffer.from(secretHash(client.ClientSecret, username ?? '', client.ClientId));
  const actual = Buffer.from(given);
  if (actual.length === expected.length && timingSafeEqual(actual, expected)) return undefined;
  return new CognitoError('NotAuthorizedException', `Unable to verify secret hash for client ${client.ClientId}`);
}

/** Where each operation carries the username and the secret hash. */
export function secretHashOf(action: string, body: Record<string, any>): { username?: string; hash?: string } | undefined {
  switch (action) {
    case 'InitiateAuth':
    case 'AdminInitiateAuth':
      return { username: body.AuthParameters?.USERNAME, hash: body.AuthParameters?.SECRET_HASH };
    case 'RespondToAuthChallenge':
    case 'AdminRespondToAuthChallenge':
      return { username: body.ChallengeResponses?.USERNAME, hash: body.ChallengeResponses?.SECRET_HASH };
    case 'SignUp':
    case 'ConfirmSignUp':
    case 'ResendConfirmationCode':
    case 'ForgotPassword':
    case 'ConfirmForgotPassword':
      return { username: body.Username, hash: body.SecretHash };
    default:
      return undefined;
  }
}

/** Sign-in operations whose "user does not exist" PreventUserExistenceErrors hides. */
export const SIGN_IN_ACTIONS = new Set(['InitiateAuth', 'AdminInitiateAuth', 'RespondToAuthChallenge', 'AdminRespondToAuthChallenge']);

export const INCORRECT_CREDENTIALS = () => new CognitoError('NotAuthorizedException', 'Incorrect username or password.');

import { CognitoError } from '../client';
import { ok, Operation } from './call';
import { CODE_MISMATCH } from './codes';
import { postConfirmation } from './sign-up';
import { sendSignUpCode } from './sign-up-code';
import { existingUser, hidesUnknownUsers, simulatedDelivery, USER_NOT_FOUND } from './user-existence';

/**
 * Confirming a sign-up with the code sent to the user
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ConfirmSignUp.html)
 * and sending a new one
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ResendConfirmationCode.html).
 * ConfirmSignUp checks the code (codes.ts), confirms the user in moto (AdminConfirmSignUp; moto has
 * no aliases to conflict, so `ForceAliasCreation` changes nothing), verifies the attribute the code
 * went to and runs PostConfirmation.
 */

const confirmSignUp: Operation = async (call) => {
  const { body, pool, services } = call;
  const user = await existingUser(call, body.Username);
  // ENABLED: CodeMismatchException, as for ConfirmForgotPassword (*unconfirmed* for ConfirmSignUp:
  // the developer guide's list names only that "account confirmation" answers no UserNotFoundException).
  if (!user) throw await hidesUnknownUsers(call) ? CODE_MISMATCH() : USER_NOT_FOUND();
  if (user.status === 'CONFIRMED') throw new CognitoError('NotAuthorizedException', 'User cannot be confirmed. Current status is CONFIRMED');
  const { attribute } = services.state.codes.check(pool.userPoolId, user.username, 'sign-up', body.ConfirmationCode);
  await call.cognito.call('AdminConfirmSignUp', { UserPoolId: pool.userPoolId, Username: user.username });
  services.state.codes.use(pool.userPoolId, user.username, 'sign-up');
  if (attribute) {
    await call.cognito.call('AdminUpdateUserAttributes', {
      UserPoolId: pool.userPoolId, Username: user.username, UserAttributes: [{ Name: `${attribute}_verified`, Value: 'true' }],
    });
  }
  await postConfirmation(call, user.username);
  return ok({});
};

const resendConfirmationCode: Operation = async (call) => {
  const user = await existingUser(call, call.body.Username);
  if (!user) {
    if (await hidesUnknownUsers(call)) return ok({ CodeDeliveryDetails: simulatedDelivery(call.body.Username) });
    throw USER_NOT_FOUND();
  }
  if (user.status === 'CONFIRMED') throw new CognitoError('InvalidParameterException', 'User is already confirmed.');
  const details = await sendSignUpCode(call, user, true);
  // *unconfirmed* wording: a pool that auto-verifies nothing has no code to resend.
  if (!details) throw new CognitoError('InvalidParameterException', 'Auto verification not turned on.');
  return ok({ CodeDeliveryDetails: details });
};

export const CONFIRMATION_OPERATIONS: Readonly<Record<string, Operation>> = {
  ConfirmSignUp: confirmSignUp,
  ResendConfirmationCode: resendConfirmationCode,
};

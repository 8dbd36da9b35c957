import { CognitoError } from '../client';
import { FrontCall, ok, Operation } from './call';
import { CODE_MISMATCH } from './codes';
import { ContactAttribute, deliver } from './delivery';
import { checkPasswordPolicy } from './password-policy';
import { rememberPassword } from './passwords';
import { postConfirmation } from './sign-up';
import { ExistingUser, existingUser, hidesUnknownUsers, simulatedDelivery, USER_NOT_FOUND } from './user-existence';

/**
 * Resetting a forgotten password with a code
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ForgotPassword.html,
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ConfirmForgotPassword.html):
 * the code (valid 1 hour) goes to the first verified attribute of the pool's
 * `AccountRecoverySetting` (without one, Cognito's legacy order: phone, then email); the new
 * password is set in moto (AdminSetUserPassword, permanent) once the code checks out, then
 * PostConfirmation runs (`PostConfirmation_ConfirmForgotPassword`).
 */

const LEGACY_RECOVERY = [{ Name: 'verified_phone_number', Priority: 1 }, { Name: 'verified_email', Priority: 2 }];

async function recoveryAttribute(call: FrontCall, user: ExistingUser): Promise<ContactAttribute> {
  const configured: Array<{ Name: string; Priority: number }> | undefined = (await call.describePool()).AccountRecoverySetting?.RecoveryMechanisms;
  const mechanisms = [...configured ?? LEGACY_RECOVERY].sort((a, b) => a.Priority - b.Priority);
  if (mechanisms[0]?.Name === 'admin_only') throw new CognitoError('NotAuthorizedException', 'Contact administrator to reset password.');
  for (const { Name } of mechanisms) {
    const attribute: ContactAttribute | undefined = Name === 'verified_email' ? 'email' : Name === 'verified_phone_number' ? 'phone_number' : undefined;
    if (attribute && user.attributes[attribute] && user.attributes[`${attribute}_verified`] === 'true') return attribute;
  }
  throw new CognitoError('InvalidParameterException', 'Cannot reset password for the user as there is no registered/verified email or phone_number');
}

const forgotPassword: Operation = async (call) => {
  const { body, pool, services } = call;
  const user = await existingUser(call, body.Username);
  if (!user) {
    if (await hidesUnknownUsers(call)) return ok({ CodeDeliveryDetails: simulatedDelivery(body.Username) });
    throw USER_NOT_FOUND();
  }
  const attribute = await recoveryAttribute(call, user);
  return ok({
    CodeDeliveryDetails: await deliver(call, {
      username: user.username,
      attributes: user.attributes,
      attribute,
      kind: 'forgot-password',
      code: services.state.codes.issue(pool.userPoolId, user.username, 'forgot-password', attribute),
      triggerSource: 'CustomMessage_ForgotPassword',
    }),
  });
};

const confirmForgotPassword: Operation = async (call) => {
  const { body, pool, services } = call;
  const user = await existingUser(call, body.Username);
  if (!user) throw await hidesUnknownUsers(call) ? CODE_MISMATCH() : USER_NOT_FOUND();
  services.state.codes.check(pool.userPoolId, user.username, 'forgot-password', body.ConfirmationCode);
  await checkPasswordPolicy(call, body.Password);
  await call.cognito.call('AdminSetUserPassword', { UserPoolId: pool.userPoolId, Username: user.username, Password: body.Password, Permanent: true });
  services.state.codes.use(pool.userPoolId, user.username, 'forgot-password');
  await rememberPassword(call, user.username, String(body.Password));
  await postConfirmation(call, user.username, 'PostConfirmation_ConfirmForgotPassword');
  return ok({});
};

export const FORGOT_PASSWORD_OPERATIONS: Readonly<Record<string, Operation>> = {
  ForgotPassword: forgotPassword,
  ConfirmForgotPassword: confirmForgotPassword,
};

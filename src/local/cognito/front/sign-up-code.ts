import { FrontCall } from './call';
import { CodeDeliveryDetails, ContactAttribute, deliver } from './delivery';
import { existingUser, ExistingUser } from './user-existence';

/**
 * The code that confirms a sign-up ("Verifying contact information at sign-up" in the developer
 * guide): sent when the pool auto-verifies an attribute the user has and has not verified yet —
 * the phone number first when the pool verifies both, as Cognito prefers SMS — by SignUp
 * (`CustomMessage_SignUp`) and ResendConfirmationCode (`CustomMessage_ResendCode`). Confirming it
 * verifies that attribute.
 */

export async function sendSignUpCode(call: FrontCall, user: ExistingUser, resend: boolean): Promise<CodeDeliveryDetails | undefined> {
  const autoVerified: string[] = (await call.describePool()).AutoVerifiedAttributes ?? [];
  const attribute = (['phone_number', 'email'] as ContactAttribute[])
    .find((name) => autoVerified.includes(name) && user.attributes[name] && user.attributes[`${name}_verified`] !== 'true');
  if (!attribute) return undefined;
  return deliver(call, {
    username: user.username,
    attributes: user.attributes,
    attribute,
    kind: resend ? 'resend' : 'sign-up',
    code: call.services.state.codes.issue(call.pool.userPoolId, user.username, 'sign-up', attribute),
    triggerSource: resend ? 'CustomMessage_ResendCode' : 'CustomMessage_SignUp',
  });
}

/** SignUp's answer (moto's) with the code sent, unless the user is confirmed already. */
export async function withSignUpCode(call: FrontCall, result: Record<string, any>): Promise<Record<string, any>> {
  const { CodeDeliveryDetails: _moto, ...rest } = result;
  const user = result.UserConfirmed ? undefined : await existingUser(call, call.body.Username);
  const details = user && await sendSignUpCode(call, user, false);
  return details ? { ...rest, CodeDeliveryDetails: details } : rest;
}

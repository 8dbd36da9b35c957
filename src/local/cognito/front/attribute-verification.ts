import { CognitoError } from '../client';
import { accessTokenUser } from './access-token';
import { FrontCall, ok, Operation } from './call';
import { CodeDeliveryDetails, ContactAttribute, deliver } from './delivery';
import { ExistingUser } from './user-existence';

/**
 * Verifying a signed-in user's email or phone number with a code
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetUserAttributeVerificationCode.html,
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_VerifyUserAttribute.html),
 * and the code UpdateUserAttributes sends when it changes an attribute the pool auto-verifies
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateUserAttributes.html:
 * `CodeDeliveryDetailsList`; the attribute is unverified until the code is confirmed — the pool's
 * `UserAttributeUpdateSettings`, keeping the old value meanwhile, is not emulated).
 */

const CONTACT: readonly string[] = ['email', 'phone_number'];

function contactAttribute(name: unknown): ContactAttribute {
  if (!CONTACT.includes(String(name))) throw new CognitoError('InvalidParameterException', `Invalid attribute name: ${String(name)}`);
  return name as ContactAttribute;
}

function sendVerificationCode(call: FrontCall, user: ExistingUser, attribute: ContactAttribute, triggerSource: string): Promise<CodeDeliveryDetails> {
  return deliver(call, {
    username: user.username,
    attributes: user.attributes,
    attribute,
    kind: 'verify-attribute',
    code: call.services.state.codes.issue(call.pool.userPoolId, user.username, `verify-${attribute}`, attribute),
    triggerSource,
  });
}

const getUserAttributeVerificationCode: Operation = async (call) => {
  const user = await accessTokenUser(call);
  const attribute = contactAttribute(call.body.AttributeName);
  if (!user.attributes[attribute]) throw new CognitoError('InvalidParameterException', `The user has no ${attribute} to verify.`);
  return ok({ CodeDeliveryDetails: await sendVerificationCode(call, user, attribute, 'CustomMessage_VerifyUserAttribute') });
};

const verifyUserAttribute: Operation = async (call) => {
  const { body, pool, services } = call;
  const user = await accessTokenUser(call);
  const attribute = contactAttribute(body.AttributeName);
  services.state.codes.check(pool.userPoolId, user.username, `verify-${attribute}`, body.Code);
  await call.cognito.call('AdminUpdateUserAttributes', {
    UserPoolId: pool.userPoolId, Username: user.username, UserAttributes: [{ Name: `${attribute}_verified`, Value: 'true' }],
  });
  services.state.codes.use(pool.userPoolId, user.username, `verify-${attribute}`);
  return ok({});
};

const updateUserAttributes: Operation = async (call) => {
  const { body, pool } = call;
  const user = await accessTokenUser(call);
  const given: Array<{ Name: string; Value: string }> = body.UserAttributes ?? [];
  const autoVerified: string[] = (await call.describePool()).AutoVerifiedAttributes ?? [];
  const changed = CONTACT.filter((name) => autoVerified.includes(name) && given.some((a) => a.Name === name && a.Value !== user.attributes[name]));
  await call.cognito.call('AdminUpdateUserAttributes', {
    UserPoolId: pool.userPoolId,
    Username: user.username,
    UserAttributes: [...given, ...changed.map((name) => ({ Name: `${name}_verified`, Value: 'false' }))],
  });
  const updated = { ...user, attributes: { ...user.attributes, ...Object.fromEntries(given.map((a) => [a.Name, a.Value])) } };
  const list: CodeDeliveryDetails[] = [];
  for (const name of changed) list.push(await sendVerificationCode(call, updated, name as ContactAttribute, 'CustomMessage_UpdateUserAttribute'));
  return ok(list.length ? { CodeDeliveryDetailsList: list } : {});
};

export const ATTRIBUTE_VERIFICATION_OPERATIONS: Readonly<Record<string, Operation>> = {
  GetUserAttributeVerificationCode: getUserAttributeVerificationCode,
  VerifyUserAttribute: verifyUserAttribute,
  UpdateUserAttributes: updateUserAttributes,
};

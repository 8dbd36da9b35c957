import { randomInt } from 'crypto';
import { CognitoError } from '../client';
import { attributesOf, FrontCall, ok, Operation, passOn } from './call';
import { ContactAttribute, deliver } from './delivery';
import { checkPasswordPolicy } from './password-policy';
import { rememberVerifier } from './passwords';
import { existingUser } from './user-existence';

/**
 * The invitation AdminCreateUser sends
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminCreateUser.html):
 * the username and the temporary password, in the pool's `InviteMessageTemplate` or Cognito's
 * default "Your username is {username} and temporary password is {####}." (or the CustomMessage
 * trigger's text, `CustomMessage_AdminCreateUser`). Not with `MessageAction: SUPPRESS`;
 * `MessageAction: RESEND` sends it again with a new temporary password (moto would create the user
 * anew). Without `TemporaryPassword` moto sets none, so one is made here, as Cognito makes one.
 * `DesiredDeliveryMediums` picks email and/or SMS; without it the email is used when the user has one
 * (Cognito's default is SMS: here a local developer reads the message either way).
 */

const SETS = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '^$*.[]{}()?!@#%&/,><:;|_~'];

/** A temporary password meeting the pool's password policy (every character class, at least 12 characters). */
function temporaryPassword(pool: Record<string, any>): string {
  const length = Math.max(12, Number(pool.Policies?.PasswordPolicy?.MinimumLength ?? 8));
  const chars = SETS.map((set) => set[randomInt(set.length)]);
  const all = SETS.join('');
  while (chars.length < length) chars.push(all[randomInt(all.length)]);
  return chars.join('');
}

async function invite(call: FrontCall, username: string, attributes: Record<string, string>, password: string): Promise<void> {
  const mediums: string[] = call.body.DesiredDeliveryMediums ?? [attributes.email ? 'EMAIL' : 'SMS'];
  const targets: ContactAttribute[] = [...mediums.includes('EMAIL') ? ['email' as const] : [], ...mediums.includes('SMS') ? ['phone_number' as const] : []];
  for (const attribute of targets.filter((name) => attributes[name])) {
    await deliver(call, { username, attributes, attribute, kind: 'invitation', code: password, triggerSource: 'CustomMessage_AdminCreateUser' });
  }
}

async function resend(call: FrontCall, password: string) {
  const { body, pool } = call;
  const user = await existingUser(call, body.Username);
  if (!user) throw new CognitoError('UserNotFoundException', 'User does not exist.');
  if (user.status !== 'FORCE_CHANGE_PASSWORD') {
    // *unconfirmed* wording
    throw new CognitoError('UnsupportedUserStateException', `Resend not possible. ${user.username} status is not FORCE_CHANGE_PASSWORD`);
  }
  await call.cognito.call('AdminSetUserPassword', { UserPoolId: pool.userPoolId, Username: user.username, Password: password, Permanent: false });
  rememberVerifier(call, user.username, password);
  await invite(call, user.username, user.attributes, password);
  const { UserAttributes, ...got } = await call.cognito.call('AdminGetUser', { UserPoolId: pool.userPoolId, Username: user.username });
  return { ...got, Attributes: UserAttributes };
}

const adminCreateUser: Operation = async (call) => {
  const { body } = call;
  if (body.TemporaryPassword !== undefined) await checkPasswordPolicy(call, body.TemporaryPassword);
  const password = body.TemporaryPassword ?? temporaryPassword(await call.describePool());
  if (body.MessageAction === 'RESEND') return ok({ User: await resend(call, password) });
  const answer = await call.forward({ ...body, TemporaryPassword: password });
  if (answer.status !== 200) return passOn(answer);
  const result = JSON.parse(answer.text);
  // moto's answer names the user by its username (USER_ID_FOR_SRP): no lookup.
  rememberVerifier(call, result.User.Username, password);
  if (body.MessageAction === 'SUPPRESS') return ok(result);
  await invite(call, result.User.Username, attributesOf(result.User.Attributes), password);
  return ok(result);
};

export const INVITATION_OPERATIONS: Readonly<Record<string, Operation>> = {
  AdminCreateUser: adminCreateUser,
};

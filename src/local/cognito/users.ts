import { CognitoClient } from './client';
import { TokenUser } from './tokens';

/**
 * A user as the tokens and the triggers see them: `AdminGetUser`'s attributes and
 * `AdminListGroupsForUser`'s groups, by precedence (the order of `cognito:groups`).
 */
export async function loadUser(cognito: CognitoClient, userPoolId: string, username: string): Promise<TokenUser> {
  const got = await cognito.call('AdminGetUser', { UserPoolId: userPoolId, Username: username });
  const attributes: Record<string, string> = Object.fromEntries(
    (got.UserAttributes ?? []).map((a: { Name: string; Value: string }) => [a.Name, a.Value]),
  );
  const { Groups } = await cognito.call('AdminListGroupsForUser', { UserPoolId: userPoolId, Username: got.Username });
  const groups = [...(Groups ?? [])]
    .sort((a: any, b: any) => (a.Precedence ?? Infinity) - (b.Precedence ?? Infinity))
    .map((group: { GroupName: string }) => group.GroupName);
  return { username: got.Username, sub: attributes.sub ?? got.Username, attributes, groups };
}

/** A confirmed user to make with admin calls. */
export interface ConfirmedUser {
  readonly userPoolId: string;
  readonly username: string;
  /** Its permanent password. */
  readonly password: string;
  /** `email_verified` is added. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly groups?: readonly string[];
  /** Runs once the user exists, before the password and groups (so that a failure after it leaves a user to delete). */
  readonly onCreated?: () => void;
}

/** `call`'s answer; its error, if any, prefixed with `what` (the operation that failed). */
export async function named<T>(what: string, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw new Error(`${what}: ${(error as Error).message}`);
  }
}

/** `AdminAddUserToGroup` per group, in order. */
export async function addToGroups(cognito: CognitoClient, userPoolId: string, username: string, groups: readonly string[] = []): Promise<void> {
  for (const GroupName of groups) {
    await named(`AdminAddUserToGroup ${GroupName}`, cognito.call('AdminAddUserToGroup', { UserPoolId: userPoolId, Username: username, GroupName }));
  }
}

/**
 * Makes a user who can sign in at once, as tests and `check-access` need one: `AdminCreateUser`
 * (no invitation sent, the email verified), `AdminSetUserPassword` (permanent: no
 * NEW_PASSWORD_REQUIRED challenge), then its groups. A failing call's error says which.
 */
export async function createConfirmedUser(cognito: CognitoClient, user: ConfirmedUser): Promise<void> {
  const { userPoolId: UserPoolId, username: Username } = user;
  const UserAttributes = Object.entries({ ...user.attributes, email_verified: 'true' }).map(([Name, Value]) => ({ Name, Value }));
  await named('AdminCreateUser', cognito.call('AdminCreateUser', { UserPoolId, Username, MessageAction: 'SUPPRESS', UserAttributes }));
  user.onCreated?.();
  await named('AdminSetUserPassword', cognito.call('AdminSetUserPassword', { UserPoolId, Username, Password: user.password, Permanent: true }));
  await addToGroups(cognito, UserPoolId, Username, user.groups);
}

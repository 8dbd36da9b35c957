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

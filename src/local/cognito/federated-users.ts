import { randomBytes } from 'crypto';
import { CognitoClient, CognitoError } from './client';
import { LocalIdentityProvider } from './identity-providers';
import { TokenUser } from './tokens';
import { LocalTrigger, runTrigger, TriggerCall } from './triggers';
import { loadUser } from './users';

/**
 * A federated sign-in's user, as Cognito makes it ("Adding user pool sign-in through a third party",
 * https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-identity-federation.html):
 * the first sign-in of a provider's subject creates the profile `<ProviderName>_<subject>` in the
 * group `<poolId>_<ProviderName>`, with the `identities` attribute and the mapped attributes; each
 * later sign-in applies the `AttributeMapping` again ("Specifying identity provider attribute mappings",
 * .../cognito-user-pools-specifying-attribute-mapping.html). Made with the emulator's admin calls.
 *
 * moto has no EXTERNAL_PROVIDER status: the profile is CONFIRMED (a random password nobody knows).
 * In a pool whose usernames are emails (`UsernameAttributes`) moto names every user by its `sub`;
 * the profile is then found by its `identities`, and {@link federatedTokenUser} gives it its
 * Cognito username.
 */

/** The provider's user, as the stand-in page posts it: `sub` (SAML: the NameID) and the provider's attributes. */
export type ProviderUser = Readonly<Record<string, string>>;

/** One entry of the `identities` attribute (AD `cognito-user-pools-identity-federation-consolidate-users.md`). */
interface Identity {
  readonly userId: string;
  readonly providerName: string;
  readonly providerType: string;
  readonly issuer: string | null;
  readonly primary: boolean;
  readonly dateCreated: number;
}

export interface FederatedSignIn {
  readonly cognito: CognitoClient;
  readonly userPoolId: string;
  readonly provider: LocalIdentityProvider;
  readonly user: ProviderUser;
  readonly triggers?: Readonly<Record<string, LocalTrigger>>;
  /** The trigger events' common parameters (region, app client). */
  readonly region: string;
  readonly clientId: string;
}

/** `<ProviderName>_<subject>`, the profile's username (a captured trigger event; *unconfirmed* in docs). */
export const federatedUsername = (provider: string, subject: string): string => `${provider}_${subject}`;

/** `[user pool ID]_[IdP name]` ("Adding groups to a user pool"). */
export const federatedGroup = (userPoolId: string, provider: string): string => `${userPoolId}_${provider}`;

/** The pool attributes the `AttributeMapping` gives (pool attribute → the provider attribute's value). */
export function mappedAttributes(provider: LocalIdentityProvider, user: ProviderUser): Record<string, string> {
  return Object.fromEntries(Object.entries(provider.attributeMapping)
    .filter(([, from]) => (user[from] ?? '') !== '')
    .map(([to, from]) => [to, user[from]]));
}

const asList = (attributes: Record<string, string>) => Object.entries(attributes).map(([Name, Value]) => ({ Name, Value }));

function identitiesOf(attributes: Readonly<Record<string, string>>): Identity[] {
  try {
    const parsed = JSON.parse(attributes.identities ?? '[]');
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

/** The emulator's username of the profile of a provider's subject, or undefined before its first sign-in. */
export async function findFederatedUser(cognito: CognitoClient, userPoolId: string, provider: string, subject: string): Promise<string | undefined> {
  let token: string | undefined;
  do {
    const page = await cognito.call('ListUsers', { UserPoolId: userPoolId, ...(token ? { PaginationToken: token } : {}) });
    for (const user of page.Users ?? []) {
      const attributes = Object.fromEntries((user.Attributes ?? []).map((a: { Name: string; Value: string }) => [a.Name, a.Value]));
      if (identitiesOf(attributes).some((identity) => identity.providerName === provider && identity.userId === subject)) return user.Username;
    }
    token = page.PaginationToken;
  } while (token);
  return undefined;
}

/** A profile as the tokens show it: `cognito:username` is `<ProviderName>_<subject>` also where moto named it by its `sub`. */
export function federatedTokenUser(user: TokenUser): TokenUser {
  const primary = identitiesOf(user.attributes).find((identity) => identity.primary) ?? identitiesOf(user.attributes)[0];
  if (!primary || user.username !== user.sub) return user;
  return { ...user, username: federatedUsername(primary.providerName, primary.userId) };
}

/**
 * Creates or updates the profile of the provider's user and returns its emulator username. On the
 * first sign-in the PreSignUp trigger runs (`PreSignUp_ExternalProvider`; an error fails the sign-in:
 * "PreSignUp failed with error <message>.", "Pre sign-up Lambda trigger"), then PostConfirmation
 * (`PostConfirmation_ConfirmSignUp`: which source Cognito sends for a federated profile is *unconfirmed*).
 * Throws {@link TriggerFailed}, or a CognitoError the emulator answers.
 */
export async function signInFederated(signIn: FederatedSignIn): Promise<string> {
  const { cognito, userPoolId, provider } = signIn;
  const subject = signIn.user.sub ?? '';
  if (!subject) throw new CognitoError('InvalidParameterException', `${provider.name} did not return a subject (sub) for the user`);
  const username = federatedUsername(provider.name, subject);
  const attributes = mappedAttributes(provider, signIn.user);
  const call: TriggerCall = { region: signIn.region, userPoolId, userName: username, clientId: signIn.clientId };
  const existing = await findFederatedUser(cognito, userPoolId, provider.name, subject);
  if (existing) {
    // Only what changed (moto refuses to "change" an email to the email the user already has).
    const current = (await loadUser(cognito, userPoolId, existing)).attributes;
    const changed = Object.fromEntries(Object.entries(attributes).filter(([name, value]) => current[name] !== value));
    if (Object.keys(changed).length) await cognito.call('AdminUpdateUserAttributes', { UserPoolId: userPoolId, Username: existing, UserAttributes: asList(changed) });
    return existing;
  }
  const decision = await runTrigger(signIn.triggers?.PreSignUp, 'PreSignUp', 'PreSignUp_ExternalProvider', call, {
    userAttributes: attributes, validationData: {}, clientMetadata: {},
  }, { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false });
  if (decision?.autoVerifyEmail && attributes.email) attributes.email_verified = 'true';
  if (decision?.autoVerifyPhone && attributes.phone_number) attributes.phone_number_verified = 'true';
  const identity: Identity = {
    userId: subject, providerName: provider.name, providerType: provider.type, issuer: null, primary: true, dateCreated: Date.now(),
  };
  const created = await cognito.call('AdminCreateUser', {
    UserPoolId: userPoolId,
    Username: await emulatorUsername(cognito, userPoolId, username, attributes),
    MessageAction: 'SUPPRESS',
    UserAttributes: asList({ ...attributes, identities: JSON.stringify([identity]) }),
  });
  const name: string = created.User.Username;
  await cognito.call('AdminSetUserPassword', { UserPoolId: userPoolId, Username: name, Password: `Fed-${randomBytes(24).toString('base64url')}1a`, Permanent: true });
  const group = federatedGroup(userPoolId, provider.name);
  await cognito.call('CreateGroup', { UserPoolId: userPoolId, GroupName: group }).catch((error) => {
    if (!(error instanceof CognitoError && error.code === 'GroupExistsException')) throw error;
  });
  await cognito.call('AdminAddUserToGroup', { UserPoolId: userPoolId, Username: name, GroupName: group });
  const user = await loadUser(cognito, userPoolId, name);
  await runTrigger(signIn.triggers?.PostConfirmation, 'PostConfirmation', 'PostConfirmation_ConfirmSignUp', call, { userAttributes: user.attributes });
  return name;
}

/**
 * The username to create the profile with: its own, or (moto: a pool whose usernames are emails or
 * phone numbers accepts only those) the mapped email or phone number, which moto turns into a `sub`.
 */
async function emulatorUsername(cognito: CognitoClient, userPoolId: string, username: string, attributes: Record<string, string>): Promise<string> {
  const { UserPool } = await cognito.call('DescribeUserPool', { UserPoolId: userPoolId });
  const kinds: string[] = UserPool?.UsernameAttributes ?? [];
  const alias = kinds.map((kind) => attributes[kind]).find((value) => value);
  if (kinds.length === 0) return username;
  if (!alias) {
    throw new CognitoError('InvalidParameterException',
      `the local emulator needs the ${kinds.join(' or ')} of ${username} in this pool (its usernames are ${kinds.join(', ')}): map it in AttributeMapping`);
  }
  return alias;
}

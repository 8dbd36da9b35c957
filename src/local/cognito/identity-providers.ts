/**
 * A pool's federated identity providers (`AWS::Cognito::UserPoolIdentityProvider`), as the local
 * sign-in runs them through a stand-in page (no call leaves the machine), and which one an authorize
 * request picks: `identity_provider=<name>` or `idp_identifier=<one of its IdpIdentifiers>`
 * ("Authorize endpoint", https://docs.aws.amazon.com/cognito/latest/developerguide/authorization-endpoint.html).
 * Pure: the OAuth server does the HTTP.
 */

/** One provider of the template, its properties resolved. */
export interface LocalIdentityProvider {
  readonly logicalId: string;
  /** `ProviderName`: `Google`, `SignInWithApple`, `Facebook`, `LoginWithAmazon`, or the OIDC/SAML provider's own name. */
  readonly name: string;
  /** `ProviderType`: `Google`, `SignInWithApple`, `Facebook`, `LoginWithAmazon`, `OIDC` or `SAML`. */
  readonly type: string;
  /** `AttributeMapping`: user pool attribute → the provider's attribute (claim or SAML attribute). */
  readonly attributeMapping: Readonly<Record<string, string>>;
  /** `IdpIdentifiers`: other names of the provider (`idp_identifier`), e.g. a company's email domain. */
  readonly idpIdentifiers: readonly string[];
}

/** The template's resource properties (resolved), as a provider. */
export function identityProvider(logicalId: string, properties: Record<string, any>): LocalIdentityProvider {
  const mapping = properties.AttributeMapping && typeof properties.AttributeMapping === 'object' ? properties.AttributeMapping : {};
  return {
    logicalId,
    name: String(properties.ProviderName ?? logicalId),
    type: String(properties.ProviderType ?? 'OIDC'),
    attributeMapping: Object.fromEntries(Object.entries(mapping).map(([pool, provider]) => [pool, String(provider)])),
    idpIdentifiers: Array.isArray(properties.IdpIdentifiers) ? properties.IdpIdentifiers.map(String) : [],
  };
}

/**
 * The hosted UI's words for a provider it does not know (a wrong name, or a name's case:
 * `identity_provider=google`), shown on the sign-in page (aws-amplify/aws-sdk-android #1808).
 */
export const UNKNOWN_PROVIDER = 'Login option is not available. Please try another one';

/** What an authorize request asks for: a provider, the pool's own sign-in page, or an error. */
export type ProviderChoice =
  | { readonly provider: LocalIdentityProvider }
  | { readonly page: true }
  | { readonly unknown: string }
  | { readonly unsupported: string };

/**
 * The provider `identity_provider` (by `ProviderName`, case-sensitive) or `idp_identifier` (by
 * `IdpIdentifiers`) names; `COGNITO` or neither: the sign-in page. A provider of the pool that the
 * app client's `SupportedIdentityProviders` does not list is refused (an error page; Cognito's words
 * for it are *unconfirmed*).
 */
export function chooseProvider(
  providers: readonly LocalIdentityProvider[], supported: readonly string[], params: URLSearchParams,
): ProviderChoice {
  const name = params.get('identity_provider');
  const identifier = params.get('idp_identifier');
  if (name === 'COGNITO' || (!name && !identifier)) return { page: true };
  const provider = name
    ? providers.find((candidate) => candidate.name === name)
    : providers.find((candidate) => candidate.idpIdentifiers.includes(identifier!));
  if (!provider) return { unknown: (name ?? identifier)! };
  if (!supported.includes(provider.name)) return { unsupported: provider.name };
  return { provider };
}

/** The providers of the pool the app client lists (`SupportedIdentityProviders`), for the sign-in page's buttons. */
export function offeredProviders(providers: readonly LocalIdentityProvider[], supported: readonly string[]): LocalIdentityProvider[] {
  return providers.filter((provider) => supported.includes(provider.name));
}

import { LocalIdentityProvider } from './identity-providers';
import { escape } from './sign-in-page';

/**
 * The local stand-in of a federated provider's sign-in (served at `/local/idp/<ProviderName>`): a
 * form asking for the user the provider would return — its subject (`sub`; SAML: the NameID), email,
 * name and every other provider attribute the `AttributeMapping` reads — which the OAuth server turns
 * into the Cognito profile, as Cognito does with the provider's answer. No call leaves the machine.
 * The fields are named `attr.<provider attribute>`; the authorize request's parameters ride along hidden.
 */

/** The provider attributes the page asks for: the subject, then email and name (not for SAML), then the mapped ones. */
export function standInAttributes(provider: LocalIdentityProvider): string[] {
  const first = provider.type === 'SAML' ? ['sub'] : ['sub', 'email', 'name'];
  return [...new Set([...first, ...Object.values(provider.attributeMapping)])];
}

/** The name of the form field of a provider attribute. */
export const standInField = (attribute: string): string => `attr.${attribute}`;

export interface StandInPageOptions {
  readonly provider: LocalIdentityProvider;
  readonly action: string;
  readonly params: Record<string, string>;
  readonly error?: string;
}

export function standInPage(options: StandInPageOptions): string {
  const { provider } = options;
  const hidden = Object.entries(options.params)
    .map(([name, value]) => `<input type="hidden" name="${escape(name)}" value="${escape(value)}">`).join('\n    ');
  const fields = standInAttributes(provider).map((attribute) => {
    const label = attribute === 'sub' ? (provider.type === 'SAML' ? 'NameID' : 'Subject (sub)') : attribute;
    const value = attribute === 'email_verified' ? ' value="true"' : '';
    return `<label>${escape(label)} <input name="${escape(standInField(attribute))}"${value}${attribute === 'sub' ? ' required' : ''}></label>`;
  }).join('\n    ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(provider.name)} (local stand-in)</title></head>
<body>
  <h1>${escape(provider.name)} (local stand-in)</h1>
  <p>The ${escape(provider.type)} provider ${escape(provider.name)} is not called locally: enter the user it would return.</p>
  ${options.error ? `<p role="alert" id="error">${escape(options.error)}</p>` : ''}
  <form method="post" action="${escape(options.action)}">
    ${hidden}
    ${fields}
    <button type="submit" id="continue">Continue</button>
  </form>
</body></html>
`;
}

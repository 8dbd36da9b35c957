/**
 * What of a template's sign-in the local runner does not emulate (moto's Cognito has no hosted
 * sign-in, threat protection or WAF) or emulates differently (one-time codes go to the message box,
 * passkeys need a page on localhost, federated providers run through local stand-in pages), one note each, for the
 * runner's start-up summary and the README's *Run it locally*. Pure: reads the template only.
 */
export function signInNotes(template: any): string[] {
  const notes: string[] = [];
  const resources: Array<[string, any]> = Object.entries(template?.Resources ?? {});
  const ofType = (type: string) => resources.filter(([, resource]) => resource?.Type === type);
  const names: Record<string, string> = {
    Google: 'Google sign-in',
    SignInWithApple: 'Sign in with Apple',
    Facebook: 'Facebook sign-in',
    LoginWithAmazon: 'Login with Amazon',
    OIDC: 'OIDC sign-in',
    SAML: 'SAML sign-in',
  };
  for (const [id, provider] of ofType('AWS::Cognito::UserPoolIdentityProvider')) {
    const type = String(provider.Properties?.ProviderType);
    const name = typeof provider.Properties?.ProviderName === 'string' ? provider.Properties.ProviderName : id;
    notes.push(`${names[type] ?? `${type} sign-in`} (${id}, UserPoolIdentityProvider ${name}): runs through a local stand-in page`
      + ` (/local/idp/${name} on the pool's domain, or /oauth2/authorize?identity_provider=${name}): you enter the user ${name} would return`);
  }
  for (const [id, domain] of ofType('AWS::Cognito::UserPoolDomain')) {
    if (domain.Properties?.CustomDomainConfig) {
      notes.push(`custom sign-in domain ${JSON.stringify(domain.Properties.Domain)} (${id}): not emulated (no certificate, DNS or CloudFront locally)`);
    }
    if (domain.Properties?.ManagedLoginVersion === 2) {
      notes.push(`managed login (version 2, ${id}): served as plain local pages with its behaviour (the pool's first factors and the client's providers,`
        + ' sign-up, confirmation, forgot password, /logout); its look and branding are not rendered');
    }
  }
  for (const [id] of ofType('AWS::Cognito::ManagedLoginBranding')) {
    notes.push(`managed login branding (${id}): not emulated`);
  }
  for (const [id, pool] of ofType('AWS::Cognito::UserPool')) {
    const factors: string[] = pool.Properties?.Policies?.SignInPolicy?.AllowedFirstAuthFactors ?? [];
    const codes = factors.filter((factor) => factor === 'EMAIL_OTP' || factor === 'SMS_OTP');
    if (codes.length > 0) {
      notes.push(`choice-based sign-in ${codes.join(', ')} (${id}): runs locally (USER_AUTH); the one-time codes go to the runner's message box, not to real inboxes or phones`);
    }
    if (factors.includes('WEB_AUTHN')) {
      notes.push(`choice-based sign-in WEB_AUTHN (${id}): passkeys run locally (USER_AUTH, StartWebAuthnRegistration…); open your page on http://localhost, as browsers take no IP address as relying party`);
    }
    const mode = pool.Properties?.UserPoolAddOns?.AdvancedSecurityMode;
    if (mode && mode !== 'OFF') {
      notes.push(`threat protection ${mode} (${id}): not emulated (no risk scoring locally)`);
    }
  }
  for (const [id, client] of ofType('AWS::Cognito::UserPoolClient')) {
    if (client.Properties?.RefreshTokenRotation?.Feature === 'ENABLED') {
      notes.push(`refresh-token rotation (${id}): not emulated; locally a refresh token is reused (InitiateAuth REFRESH_TOKEN_AUTH)`);
    }
  }
  for (const [id] of ofType('AWS::WAFv2::WebACLAssociation')) {
    notes.push(`WAF web ACL association (${id}): not emulated; requests reach the emulated Cognito unfiltered`);
  }
  return notes;
}

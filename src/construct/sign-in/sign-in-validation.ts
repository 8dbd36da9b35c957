import { Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { IConstruct } from 'constructs';
import { ManagedLoginBranding } from './managed-login-branding';
import { checkProviderSecret } from './provider-secrets';
import { SignInMethod } from './sign-in-method';
import { allows } from './sign-in-policy';
import { SignInProviderType } from './sign-in-provider';
import { CognitoProtectedHttpApiProps } from '../cognito-protected-http-api-props';
import { checkNumber, checkString, LIMITS, durationInSeconds } from '../validation/cfn-limits';
import { fail, isHttpsUrl, OWNER, rejectUnused, propsThatAreSet } from '../validation/check-helpers';
import { didYouMean } from '../validation/did-you-mean';

/* Checks of the sign-in props: federation, managed login, the sign-in domain, first factors, threat protection, attributes. */

/** The sign-in props that configure the pool the construct creates (none works with an existing userPool). */
export const SIGN_IN_POOL_PROPS = [
  'signInProviders', 'signInMethods', 'passkeyRelyingPartyId', 'passkeyUserVerification', 'standardThreatProtectionMode',
  'customThreatProtectionMode', 'userPoolWebAclArn', 'customAttributes',
];

/** The sign-in props that configure the client the construct creates. */
export const SIGN_IN_CLIENT_PROPS = ['clientReadAttributes', 'clientWriteAttributes', 'refreshTokenRotationGracePeriod'];

const BRANDING_ENUMS = {
  category: ['FAVICON_ICO', 'FAVICON_SVG', 'EMAIL_GRAPHIC', 'SMS_GRAPHIC', 'AUTH_APP_GRAPHIC', 'PASSWORD_GRAPHIC', 'PASSKEY_GRAPHIC', 'PAGE_HEADER_LOGO',
    'PAGE_HEADER_BACKGROUND', 'PAGE_FOOTER_LOGO', 'PAGE_FOOTER_BACKGROUND', 'PAGE_BACKGROUND', 'FORM_BACKGROUND', 'FORM_LOGO', 'IDP_BUTTON_ICON'],
  colorMode: ['LIGHT', 'DARK', 'DYNAMIC'],
  extension: ['ICO', 'JPEG', 'PNG', 'SVG', 'WEBP'],
} as const;

const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const WEB_ACL_ARN = /^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:\d{12}:(regional|global)\/webacl\/[^/\s]+\/[^/\s]+$/;

export function validateSignIn(props: CognitoProtectedHttpApiProps, scope: IConstruct): void {
  validateProviders(props, scope);
  validateHostedSignIn(props);
  validateSignInDomain(props);
  validateSignInMethods(props);
  validateThreatProtection(props);
  validateAttributes(props);
  validateRotation(props);
}

function validateProviders(props: CognitoProtectedHttpApiProps, scope: IConstruct): void {
  const providers = props.signInProviders ?? [];
  if (providers.length > 0 && props.callbackUrls === undefined) {
    fail('signInProviders', 'federated sign-in goes through the hosted sign-in (the pool domain\'s /oauth2/authorize), which needs callbackUrls; add callbackUrls (where it sends users back to).');
  }
  const names = new Set<string>();
  providers.forEach((provider, index) => {
    const where = `signInProviders[${index}]`;
    if (provider.providerType === SignInProviderType.OIDC || provider.providerType === SignInProviderType.SAML) {
      checkString(OWNER, `${where}.name`, provider.providerName, LIMITS.providerName);
    }
    if (names.has(provider.providerName)) {
      fail(where, `a provider named "${provider.providerName}" is already declared; declare each provider once (and give OIDC and SAML providers their own names).`);
    }
    names.add(provider.providerName);
    for (const [key, value] of Object.entries(provider._strings)) {
      if (!Token.isUnresolved(value) && value.trim() === '') {
        fail(`${where}.${key}`, 'is empty; give the value the provider issued.');
      }
    }
    for (const [key, secret] of Object.entries(provider._secrets)) checkProviderSecret(scope, `${where}.${key}`, secret);
    const issuerUrl = provider._strings.issuerUrl;
    if (issuerUrl !== undefined && !Token.isUnresolved(issuerUrl) && !isHttpsUrl(issuerUrl)) {
      fail(`${where}.issuerUrl`, `"${issuerUrl}" must be an https URL (Cognito reads <issuer>/.well-known/openid-configuration).`);
    }
    if (provider._scopes?.length === 0) {
      fail(`${where}.scopes`, 'is empty; give the scopes to ask for, or leave it out for the provider\'s defaults.');
    }
  });
}

function validateHostedSignIn(props: CognitoProtectedHttpApiProps): void {
  if (props.callbackUrls === undefined) {
    rejectUnused(props, ['managedLoginVersion', 'managedLoginBranding'], 'callbackUrls', 'is not given, so there is no hosted sign-in', 'add callbackUrls');
    return;
  }
  if (props.managedLoginBranding && props.managedLoginVersion === cognito.ManagedLoginVersion.CLASSIC_HOSTED_UI) {
    fail('managedLoginBranding', 'styles managed login (version 2), but managedLoginVersion is CLASSIC_HOSTED_UI; remove one of them.');
  }
  validateBranding(props.managedLoginBranding);
}

function validateBranding(branding: ManagedLoginBranding | undefined): void {
  if (!branding || branding._settingsJson === undefined) {
    return;
  }
  if (!Token.isUnresolved(branding._settingsJson)) {
    let settings: unknown;
    try {
      settings = JSON.parse(branding._settingsJson);
    } catch (error) {
      fail('managedLoginBranding.settingsJson', `is not JSON (${(error as Error).message}); give the settings document the branding designer exports.`);
    }
    if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
      fail('managedLoginBranding.settingsJson', 'must be a JSON object ({ "components": ..., "categories": ... }).');
    }
  }
  checkNumber(OWNER, 'managedLoginBranding.assets.length', branding._assets.length, LIMITS.brandingAssets);
  branding._assets.forEach((asset, index) => {
    for (const key of ['category', 'colorMode', 'extension'] as const) {
      const allowed: readonly string[] = BRANDING_ENUMS[key];
      if (!Token.isUnresolved(asset[key]) && !allowed.includes(asset[key])) {
        fail(`managedLoginBranding.assets[${index}].${key}`, `"${asset[key]}" is not one of ${allowed.join(', ')}.`);
      }
    }
    checkString(OWNER, `managedLoginBranding.assets[${index}].bytes`, asset.bytes, LIMITS.brandingAssetBytes);
  });
}

function validateSignInDomain(props: CognitoProtectedHttpApiProps): void {
  const domainName = props.signInDomainName;
  if (domainName === undefined) {
    const orphans = propsThatAreSet(props, ['signInCertificate', 'signInHostedZone']);
    if (orphans.length > 0) {
      fail(orphans[0], 'needs signInDomainName; add signInDomainName, or remove it.');
    }
    return;
  }
  checkString(OWNER, 'signInDomainName', domainName, LIMITS.signInDomainName);
  if (!Token.isUnresolved(domainName) && !DNS_NAME.test(domainName)) {
    fail('signInDomainName', `"${domainName}" is not a domain name; write it like "auth.example.com" (no scheme, no path).`);
  }
  if (props.domainPrefix !== undefined) {
    fail('signInDomainName', 'and domainPrefix both name the pool\'s sign-in domain; keep one (the custom domain replaces the prefix domain).');
  }
}

function validateSignInMethods(props: CognitoProtectedHttpApiProps): void {
  const methods = props.signInMethods;
  if (!methods) {
    rejectUnused(props, ['passkeyRelyingPartyId', 'passkeyUserVerification'], 'signInMethods', 'does not include SignInMethod.PASSKEY', 'add signInMethods with SignInMethod.PASSKEY');
    return;
  }
  if (methods.length === 0) {
    fail('signInMethods', 'is empty; list the first factors users may choose, e.g. [SignInMethod.PASSWORD, SignInMethod.PASSKEY], or leave it out.');
  }
  if (new Set(methods).size !== methods.length) {
    fail('signInMethods', 'lists a method twice; list each once.');
  }
  if (!allows(props, SignInMethod.PASSWORD)) {
    fail('signInMethods', 'must include SignInMethod.PASSWORD: Cognito keeps password sign-in on with choice-based sign-in.');
  }
  const passwordless = methods.filter((m) => m !== SignInMethod.PASSWORD).map((m) => m.challenge);
  if (passwordless.length > 0 && props.featurePlan === cognito.FeaturePlan.LITE) {
    fail('signInMethods', `${passwordless.join(', ')} need the ESSENTIALS or PLUS feature plan; the LITE plan only signs in with passwords. Use FeaturePlan.ESSENTIALS (the default).`);
  }
  if (passwordless.length > 0 && props.mfa === cognito.Mfa.REQUIRED) {
    fail('signInMethods', `${passwordless.join(', ')} are refused by Cognito in a pool where MFA is required; use Mfa.OPTIONAL (the default), or sign in with passwords only.`);
  }
  if (allows(props, SignInMethod.PASSKEY)) {
    validatePasskeys(props);
  } else {
    rejectUnused(props, ['passkeyRelyingPartyId', 'passkeyUserVerification'], 'signInMethods', 'does not include SignInMethod.PASSKEY', 'add SignInMethod.PASSKEY to signInMethods');
  }
}

function validatePasskeys(props: CognitoProtectedHttpApiProps): void {
  const rp = props.passkeyRelyingPartyId;
  if (rp === undefined && props.signInDomainName === undefined && props.domainPrefix === undefined) {
    fail('signInMethods', 'SignInMethod.PASSKEY needs a relying party (the domain passkeys belong to); set signInDomainName (your sign-in domain), domainPrefix, or passkeyRelyingPartyId (your app\'s domain, for sign-in through the API only).');
  }
  checkString(OWNER, 'passkeyRelyingPartyId', rp, LIMITS.passkeyRelyingPartyId);
  const domain = props.signInDomainName;
  const known = rp !== undefined && domain !== undefined && !Token.isUnresolved(rp) && !Token.isUnresolved(domain);
  if (known && props.callbackUrls !== undefined && rp !== domain) {
    fail('passkeyRelyingPartyId', `is "${rp}", but with the hosted sign-in on a custom domain Cognito requires the relying party to be that domain ("${domain}"); remove passkeyRelyingPartyId.`);
  }
}

function validateThreatProtection(props: CognitoProtectedHttpApiProps): void {
  const modes = propsThatAreSet(props, ['standardThreatProtectionMode', 'customThreatProtectionMode']);
  const standardOff = props.standardThreatProtectionMode === cognito.StandardThreatProtectionMode.NO_ENFORCEMENT;
  if (modes.length > 0 && !(modes.length === 1 && standardOff) && props.featurePlan !== cognito.FeaturePlan.PLUS) {
    fail(modes[0], `threat protection needs featurePlan: FeaturePlan.PLUS (a paid plan); this pool is on ${props.featurePlan ?? 'ESSENTIALS'}.`);
  }
  const arn = props.userPoolWebAclArn;
  checkString(OWNER, 'userPoolWebAclArn', arn, LIMITS.webAclArn);
  if (arn !== undefined && !Token.isUnresolved(arn)) {
    const match = WEB_ACL_ARN.exec(arn);
    if (!match) {
      fail('userPoolWebAclArn', `"${arn}" is not a web ACL ARN; give one like "arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>" (the web ACL's Arn attribute).`);
    }
    if (match[1] !== 'regional') {
      fail('userPoolWebAclArn', 'is a global (CloudFront) web ACL; a user pool takes a REGIONAL web ACL in its own region.');
    }
  }
}

function validateAttributes(props: CognitoProtectedHttpApiProps): void {
  const attributes = props.customAttributes ?? {};
  checkNumber(OWNER, 'customAttributes', Object.keys(attributes).length, LIMITS.customAttributesCount);
  for (const [name, attribute] of Object.entries(attributes)) {
    checkString(OWNER, 'customAttributes', name, LIMITS.customAttributeName);
    const { stringConstraints: text, numberConstraints: number } = attribute.bind();
    checkNumber(OWNER, `customAttributes.${name}.minLen`, text?.minLen, LIMITS.customAttributeLength);
    checkNumber(OWNER, `customAttributes.${name}.maxLen`, text?.maxLen, LIMITS.customAttributeLength);
    const pairs: Array<[string, number | undefined, number | undefined]> = [
      ['minLen', text?.minLen, text?.maxLen],
      ['min', number?.min, number?.max],
    ];
    for (const [key, low, high] of pairs) {
      if (low !== undefined && high !== undefined && !Token.isUnresolved(low) && !Token.isUnresolved(high) && low > high) {
        fail(`customAttributes.${name}.${key}`, `is ${low}, above the maximum ${high}; make it at most the maximum.`);
      }
    }
  }
  for (const prop of ['clientReadAttributes', 'clientWriteAttributes'] as const) {
    for (const attr of props[prop]?.attributes() ?? []) {
      const custom = attr.startsWith('custom:') ? attr.slice('custom:'.length) : undefined;
      if (custom !== undefined && !(custom in attributes)) {
        const declared = Object.keys(attributes).map((key) => `custom:${key}`);
        const list = declared.length > 0 ? `declared: ${declared.join(', ')}` : 'none declared';
        fail(prop, `names ${attr}, which is not in customAttributes (${list})${didYouMean(attr, declared, '; declare it there or remove it.')}`);
      }
      if (custom !== undefined && prop === 'clientWriteAttributes' && attributes[custom].bind().mutable === false) {
        fail(prop, `names ${attr}, which is immutable (written once, at sign-up, by an administrator); remove it, or make the attribute mutable.`);
      }
    }
  }
}

function validateRotation(props: CognitoProtectedHttpApiProps): void {
  const grace = durationInSeconds(props.refreshTokenRotationGracePeriod);
  checkNumber(OWNER, 'refreshTokenRotationGracePeriod', grace, LIMITS.refreshTokenRotationGracePeriodSeconds, ' s');
}

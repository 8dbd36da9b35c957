import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { signInNotes } from '../../src/local/cognito/sign-in-notes';
import { SignInExampleStack } from '../example/sign-in-example-stack';

/** The runner's start-up notes name every sign-in feature of a template it does not emulate, and the federated providers' local stand-ins. */
const template = Template.fromStack(new SignInExampleStack(new App({ analyticsReporting: false }), 'SignInExampleStack')).toJSON();
const notes = signInNotes(template);

test.each([
  ['Google sign-in', /^Google sign-in \(ApiSignInProviderGoogle\w+, UserPoolIdentityProvider Google\): runs through a local stand-in page \(\/local\/idp\/Google/],
  ['SAML sign-in', /^SAML sign-in \(ApiSignInProviderCorporate\w+, UserPoolIdentityProvider Corporate\): runs through a local stand-in page \(\/local\/idp\/Corporate/],
  ['the custom sign-in domain', /^custom sign-in domain "auth\.example\.com" \(ApiDomain\w+\): not emulated/],
  ['managed login', /^managed login \(version 2, ApiDomain\w+\): served as plain local pages with its behaviour .*sign-up, confirmation, forgot password, \/logout\); its look and branding are not rendered$/],
  ['the branding', /^managed login branding \(ApiManagedLoginBranding\w+\): not emulated$/],
  ['email codes', /^choice-based sign-in EMAIL_OTP \(ApiUserPool\w+\): runs locally \(USER_AUTH\); the one-time codes go to the runner's message box/],
  ['passkeys', /^choice-based sign-in WEB_AUTHN \(ApiUserPool\w+\): passkeys run locally/],
  ['threat protection', /^threat protection ENFORCED \(ApiUserPool\w+\): not emulated/],
  ['refresh-token rotation', /^refresh-token rotation \(ApiUserPoolClient\w+\): not emulated/],
  ['the WAF association', /^WAF web ACL association \(ApiUserPoolWebAclAssociation\w*\): not emulated/],
])('names %s', (_, pattern) => {
  expect(notes.filter((note) => pattern.test(note))).toHaveLength(1);
});

test('a template without sign-in features has no notes', () => {
  expect(signInNotes({ Resources: { Pool: { Type: 'AWS::Cognito::UserPool', Properties: {} } } })).toEqual([]);
  expect(signInNotes({})).toEqual([]);
});

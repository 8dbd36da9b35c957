import { LocalIdentityProvider } from '../../src/local/cognito/identity-providers';
import { managedLoginOffer, managedLoginPool, usernameLabel } from '../../src/local/cognito/managed-login';
import { signInPage } from '../../src/local/cognito/sign-in-page';

/**
 * What the local managed login page offers, from the pool (DescribeUserPool, the template's
 * `SignInPolicy.AllowedFirstAuthFactors`) and the app client (`SupportedIdentityProviders`): the
 * pool's directory (password, sign-up, forgot password) only with `COGNITO`, sign-up only without
 * `AllowAdminCreateUserOnly`, the other first factors, the client's federated providers
 * ("Hosted UI endpoints reference", https://docs.aws.amazon.com/cognito/latest/developerguide/hosted-UI-endpoints.html).
 * Pure: no runner (browser.test.ts runs the pages).
 */

const google: LocalIdentityProvider = { logicalId: 'Google', name: 'Google', type: 'Google', attributeMapping: {}, idpIdentifiers: [] };
const okta: LocalIdentityProvider = { logicalId: 'Okta', name: 'Okta', type: 'OIDC', attributeMapping: {}, idpIdentifiers: [] };

const describedPool = (selfSignUp: boolean) => ({
  AdminCreateUserConfig: { AllowAdminCreateUserOnly: !selfSignUp },
  UsernameAttributes: ['email'],
  SchemaAttributes: [
    { Name: 'sub', Required: true }, { Name: 'email', Required: true }, { Name: 'given_name', Required: true }, { Name: 'phone_number', Required: false },
  ],
});

test('the pool as the pages read it: self sign-up, the username attributes, the required attributes (not sub, not the username)', () => {
  expect(managedLoginPool(describedPool(true), ['PASSWORD'])).toEqual({
    selfSignUp: true, usernameAttributes: ['email'], requiredAttributes: ['given_name'], firstFactors: ['PASSWORD'],
  });
  expect(managedLoginPool(describedPool(false), ['PASSWORD']).selfSignUp).toBe(false);
  expect(managedLoginPool({ SchemaAttributes: [{ Name: 'email', Required: true }] }, ['PASSWORD']).requiredAttributes).toEqual(['email']);
});

test.each([
  ['password only', ['PASSWORD'], ['COGNITO'], true,
    { password: true, otherFactors: [], signUp: true, forgotPassword: true, federated: [] }],
  ['password, EMAIL_OTP and WEB_AUTHN', ['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN'], ['COGNITO'], true,
    { password: true, otherFactors: ['EMAIL_OTP', 'WEB_AUTHN'], signUp: true, forgotPassword: true, federated: [] }],
  ['password and Google (Okta in the pool, not the client)', ['PASSWORD'], ['COGNITO', 'Google'], true,
    { password: true, otherFactors: [], signUp: true, forgotPassword: true, federated: [google] }],
  ['Google only (no COGNITO): no password, sign-up or factors', ['PASSWORD', 'EMAIL_OTP'], ['Google'], true,
    { password: false, otherFactors: [], signUp: false, forgotPassword: false, federated: [google] }],
  ['self sign-up off (AllowAdminCreateUserOnly)', ['PASSWORD'], ['COGNITO'], false,
    { password: true, otherFactors: [], signUp: false, forgotPassword: true, federated: [] }],
])('%s', (_what, factors, supported, selfSignUp, offer) => {
  expect(managedLoginOffer(managedLoginPool(describedPool(selfSignUp), factors), supported, [google, okta])).toEqual(offer);
});

test('the sign-in page shows exactly what is offered, and says branding is not rendered', () => {
  const page = (factors: string[], supported: string[], selfSignUp: boolean) => signInPage({
    action: '/login',
    params: { client_id: 'c1', response_type: 'code' },
    offer: managedLoginOffer(managedLoginPool(describedPool(selfSignUp), factors), supported, [google, okta]),
    usernameLabel: usernameLabel(['email']),
    federated: supported.includes('Google') ? [{ name: 'Google', url: '/local/idp/Google' }] : [],
    poolId: 'us-east-1_abc',
  });
  const open = page(['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN'], ['COGNITO', 'Google'], true);
  expect(open).toContain('<label>Email <input name="username"');
  expect(open).toContain('href="/signup?client_id=c1&amp;response_type=code"');
  expect(open).toContain('href="/forgotPassword?client_id=c1&amp;response_type=code"');
  expect(open.match(/data-factor="[A-Z_]+"/g)).toEqual(['data-factor="EMAIL_OTP"', 'data-factor="WEB_AUTHN"']);
  expect(open).toContain('id="sign-in-email-otp"');
  expect(open).not.toContain('id="sign-in-web-authn"');
  expect(open.match(/class="idp"/g)).toHaveLength(1);
  expect(open).toContain("Managed login's branding is not rendered locally.");
  const closed = page(['PASSWORD'], ['COGNITO'], false);
  expect(closed).not.toContain('/signup');
  expect(closed).not.toContain('data-factor');
  expect(closed).not.toContain('class="idp"');
  const federatedOnly = page(['PASSWORD'], ['Google'], true);
  expect(federatedOnly).not.toContain('name="password"');
  expect(federatedOnly).not.toContain('/forgotPassword');
});

test.each([
  [[], 'Username'], [['email'], 'Email'], [['phone_number'], 'Phone number'], [['email', 'phone_number'], 'Email or phone number'],
])('username attributes %j → the username field is labelled %s', (attributes, label) => {
  expect(usernameLabel(attributes)).toBe(label);
});

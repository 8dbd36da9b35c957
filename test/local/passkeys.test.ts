import { cognitoOutcome, RUNNER_TIMEOUT_MS, TestRunner } from './helpers';
import { choiceBasedPools, PoolUnderTest, startSignInExample } from './sign-in-example';
import { SoftwareAuthenticator } from './software-authenticator';
import { CognitoClient } from '../../src/local/cognito/client';

/**
 * Passkey registration and management on the sign-in example (passkeys on auth.example.com),
 * through the local Cognito endpoint: StartWebAuthnRegistration, CompleteWebAuthnRegistration,
 * ListWebAuthnCredentials and DeleteWebAuthnCredential in the Cognito API reference; the relying
 * party as GetUserPoolMfaConfig reads it back and SetUserPoolMfaConfig sets it (software-authenticator.ts
 * is the client side). A registration and sign-in in a browser (Chromium's virtual authenticator) is
 * passkey-browser.test.ts's.
 */

jest.setTimeout(RUNNER_TIMEOUT_MS);

const PASSWORD = 'Passkey-Passw0rd';
let local: TestRunner;
let front: CognitoClient;
/** The pool the tests run on: the sign-in example's, then the same pool created through the API. */
let userPoolId: string;
let clientId: string;
let pools: Record<string, PoolUnderTest> = {};

const outcome = (action: string, body: Record<string, unknown>) => cognitoOutcome(front, action, body);

/** A new user's access token (USER_AUTH with a password). */
async function signedIn(): Promise<{ email: string; accessToken: string }> {
  const email = `passkey-${Math.random().toString(36).slice(2, 8)}@example.com`;
  await front.call('SignUp', { ClientId: clientId, Username: email, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: email }] });
  await front.call('AdminConfirmSignUp', { UserPoolId: userPoolId, Username: email });
  const { AuthenticationResult } = await front.call('InitiateAuth', {
    ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: email, PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD },
  });
  return { email, accessToken: AuthenticationResult.AccessToken };
}

beforeAll(async () => {
  const example = await startSignInExample();
  ({ local, front } = example);
  pools = await choiceBasedPools(example);
});

afterAll(async () => {
  await local?.runner.stop();
});

describe.each(['template', 'created through the API'])('on a pool: %s', (name) => {
  beforeAll(() => {
    ({ userPoolId, clientId } = pools[name]);
  });

  test('StartWebAuthnRegistration: creation options for the token\'s user, with the template\'s relying party and user verification', async () => {
    const { email, accessToken } = await signedIn();
    const { CredentialCreationOptions: options } = await front.call('StartWebAuthnRegistration', { AccessToken: accessToken });
    expect(options.rp).toEqual({ id: 'auth.example.com', name: 'auth.example.com' });
    expect(options.user.name).toBe(email);
    expect(options.challenge).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(options.authenticatorSelection).toMatchObject({ residentKey: 'required', userVerification: 'preferred' });
    expect(options.excludeCredentials).toEqual([]);
  });

  test('CompleteWebAuthnRegistration: without a started registration, and with a credential that is not one, Cognito\'s errors', async () => {
    const { accessToken } = await signedIn();
    expect(await outcome('CompleteWebAuthnRegistration', { AccessToken: accessToken, Credential: {} }))
      .toBe('WebAuthnChallengeNotFoundException: No passkey registration was started for this user, or it expired.');
    await front.call('StartWebAuthnRegistration', { AccessToken: accessToken });
    expect(await outcome('CompleteWebAuthnRegistration', { AccessToken: accessToken, Credential: { id: 'x', response: { clientDataJSON: 'garbage' } } }))
      .toBe('InvalidParameterException: The credential is not a valid WebAuthn response: clientDataJSON is not JSON.');
    const clientData = (origin: string) => Buffer.from(JSON.stringify({ type: 'webauthn.create', challenge: 'x', origin })).toString('base64url');
    const credential = (origin: string) => ({ id: 'x', rawId: 'x', type: 'public-key', response: { clientDataJSON: clientData(origin), attestationObject: 'AA' } });
    expect(await outcome('CompleteWebAuthnRegistration', { AccessToken: accessToken, Credential: credential('https://evil.example.net') }))
      .toBe('WebAuthnOriginNotAllowedException: The passkey\'s origin https://evil.example.net does not match the relying party auth.example.com.');
    expect(await outcome('CompleteWebAuthnRegistration', { AccessToken: accessToken, Credential: credential('https://auth.example.com') }))
      .toMatch(/^InvalidParameterException: The credential is not a valid WebAuthn registration: /);
  });

  test('ListWebAuthnCredentials and DeleteWebAuthnCredential: none registered, an unknown id is ResourceNotFoundException; a bad token is refused', async () => {
    const { accessToken } = await signedIn();
    expect(await front.call('ListWebAuthnCredentials', { AccessToken: accessToken })).toEqual({ Credentials: [] });
    expect(await outcome('DeleteWebAuthnCredential', { AccessToken: accessToken, CredentialId: 'unknown' })).toBe('ResourceNotFoundException: Credential not found.');
    expect(await outcome('ListWebAuthnCredentials', { AccessToken: 'not-a-token', ClientId: clientId })).toMatch(/^NotAuthorizedException: /);
  });

  test('USER_AUTH without a passkey: SELECT_CHALLENGE does not offer WEB_AUTHN, and a PREFERRED_CHALLENGE of WEB_AUTHN falls back to it', async () => {
    const { email } = await signedIn();
    const answer = await front.call('InitiateAuth', { ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: email, PREFERRED_CHALLENGE: 'WEB_AUTHN' } });
    expect(answer.ChallengeName).toBe('SELECT_CHALLENGE');
    expect(answer.AvailableChallenges).not.toContain('WEB_AUTHN');
  });

  test('the Cognito endpoint answers browsers: a preflight, and the page\'s origin on the answers', async () => {
    const preflight = await fetch(local.runner.cognitoEndpoint, {
      method: 'OPTIONS', headers: { 'origin': 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-amz-target' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type,x-amz-target');
    const answer = await fetch(local.runner.cognitoEndpoint, {
      method: 'POST',
      headers: { 'origin': 'http://localhost:5173', 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.ListWebAuthnCredentials' },
      body: JSON.stringify({ AccessToken: 'x' }),
    });
    expect(answer.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  });

  test('a passkey on the relying party GetUserPoolMfaConfig reads back verifies and signs in; once SetUserPoolMfaConfig moves it, a registration on the old one is refused', async () => {
    const { WebAuthnConfiguration: readBack } = await front.call('GetUserPoolMfaConfig', { UserPoolId: userPoolId });
    const rpId: string = readBack.RelyingPartyId;
    const { email, accessToken } = await signedIn();
    const authenticator = new SoftwareAuthenticator(`https://${rpId}`);
    const { CredentialCreationOptions: options } = await front.call('StartWebAuthnRegistration', { AccessToken: accessToken });
    expect(await front.call('CompleteWebAuthnRegistration', { AccessToken: accessToken, Credential: authenticator.register(options, rpId) })).toEqual({});
    const { Credentials: credentials } = await front.call('ListWebAuthnCredentials', { AccessToken: accessToken });
    expect(credentials).toEqual([expect.objectContaining({ CredentialId: authenticator.id, RelyingPartyId: rpId, AuthenticatorAttachment: 'platform' })]);
    const challenge = await front.call('InitiateAuth', { ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: email, PREFERRED_CHALLENGE: 'WEB_AUTHN' } });
    expect(challenge.ChallengeName).toBe('WEB_AUTHN');
    const assertion = authenticator.authenticate(JSON.parse(challenge.ChallengeParameters.CREDENTIAL_REQUEST_OPTIONS), rpId);
    const { AuthenticationResult: result } = await front.call('RespondToAuthChallenge', {
      ClientId: clientId, ChallengeName: 'WEB_AUTHN', Session: challenge.Session, ChallengeResponses: { USERNAME: email, CREDENTIAL: JSON.stringify(assertion) },
    });
    expect(result.AccessToken).toEqual(expect.any(String));

    const moved = { RelyingPartyId: 'example.com', UserVerification: 'required' };
    try {
      expect((await front.call('SetUserPoolMfaConfig', { UserPoolId: userPoolId, WebAuthnConfiguration: moved })).WebAuthnConfiguration).toEqual(moved);
      expect((await front.call('GetUserPoolMfaConfig', { UserPoolId: userPoolId })).WebAuthnConfiguration).toEqual(moved);
      const other = await signedIn();
      const { CredentialCreationOptions: movedOptions } = await front.call('StartWebAuthnRegistration', { AccessToken: other.accessToken });
      expect(movedOptions.rp.id).toBe('example.com');
      expect(movedOptions.authenticatorSelection.userVerification).toBe('required');
      const stale = new SoftwareAuthenticator(`https://${rpId}`);
      expect(await outcome('CompleteWebAuthnRegistration', { AccessToken: other.accessToken, Credential: stale.register(movedOptions, rpId) }))
        .toMatch(/^WebAuthnRelyingPartyMismatchException: /);
      // The same page (auth.example.com is under example.com) registers on the new relying party.
      expect(await front.call('CompleteWebAuthnRegistration', { AccessToken: other.accessToken, Credential: stale.register(movedOptions, 'example.com') })).toEqual({});
    } finally {
      await front.call('SetUserPoolMfaConfig', { UserPoolId: userPoolId, WebAuthnConfiguration: readBack });
    }
  });
});

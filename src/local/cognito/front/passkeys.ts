import {
  generateAuthenticationOptions, generateRegistrationOptions, verifyAuthenticationResponse, verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { CognitoError } from '../client';
import { accessTokenUser } from './access-token';
import { FrontCall, ok, Operation } from './call';
import type { FirstFactor } from './first-factor';
import { PasskeyChallenge } from './passkey-store';
import { firstFactorsOf, webAuthnOf } from './pool-settings';
import { signedIn } from './srp-sign-in';

/**
 * Passkeys (WebAuthn), run by the front and verified by @simplewebauthn/server (attestation,
 * assertion signature, challenge, origin, RP id hash, counter): StartWebAuthnRegistration and
 * CompleteWebAuthnRegistration register one for the access token's user, ListWebAuthnCredentials and
 * DeleteWebAuthnCredential manage them, and the `WEB_AUTHN` first factor of USER_AUTH signs in with
 * one (`CREDENTIAL_REQUEST_OPTIONS`, answered with `CREDENTIAL`).
 *
 * The relying party and user verification are the pool's `WebAuthnConfiguration` (pool-settings.ts:
 * the template's `WebAuthnRelyingPartyID` and `WebAuthnUserVerification`, until SetUserPoolMfaConfig
 * changes them; `localhost` without a relying party), except
 * for a call from a local page (`Origin: http://localhost:<port>`): a browser there can only use
 * `localhost` (a relying party must be the page's host or a parent of it), so such a call gets
 * `localhost`. An origin is accepted when its host is the relying party or under it (`https://`),
 * or, for `localhost`, `http://localhost:<any port>`. `127.0.0.1` is never a relying party (browsers
 * refuse IP addresses): open local pages on `localhost`.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_StartWebAuthnRegistration.html
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CompleteWebAuthnRegistration.html
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-authentication-flow-methods.html#amazon-cognito-user-pools-authentication-flow-methods-passkey
 */

/** How long a registration or sign-in challenge lasts (the options' `timeout`; *unconfirmed* for Cognito). */
const CHALLENGE_MS = 3 * 60_000;
const LOCAL_ORIGIN = /^https?:\/\/localhost(:\d+)?$/;

/** The relying party of a call (see above). */
function relyingPartyOf(call: FrontCall): string {
  if (call.origin && LOCAL_ORIGIN.test(call.origin)) return 'localhost';
  return webAuthnOf(call).relyingPartyId ?? 'localhost';
}

/** Whether a page of `origin` may use passkeys of `relyingPartyId`. */
function originAllowed(origin: string, relyingPartyId: string): boolean {
  if (relyingPartyId === 'localhost') return LOCAL_ORIGIN.test(origin);
  try {
    const url = new URL(origin);
    return url.protocol === 'https:' && (url.hostname === relyingPartyId || url.hostname.endsWith(`.${relyingPartyId}`));
  } catch {
    return false;
  }
}

/** The origin a credential's `clientDataJSON` names (checked against the relying party before the library verifies the rest). */
function checkedOrigin(credential: any, relyingPartyId: string): string {
  let origin: unknown;
  try {
    origin = JSON.parse(Buffer.from(String(credential?.response?.clientDataJSON), 'base64url').toString('utf-8')).origin;
  } catch {
    throw new CognitoError('InvalidParameterException', 'The credential is not a valid WebAuthn response: clientDataJSON is not JSON.');
  }
  if (typeof origin !== 'string' || !originAllowed(origin, relyingPartyId)) {
    throw new CognitoError('WebAuthnOriginNotAllowedException', `The passkey's origin ${origin} does not match the relying party ${relyingPartyId}.`);
  }
  return origin;
}

const live = (challenge: PasskeyChallenge | undefined) => challenge && challenge.expiresAt > Date.now() ? challenge : undefined;

async function requireWebAuthn(call: FrontCall): Promise<void> {
  if (!(await firstFactorsOf(call)).includes('WEB_AUTHN')) {
    throw new CognitoError('WebAuthnNotEnabledException', 'Passkeys are not enabled for this user pool: add WEB_AUTHN to its AllowedFirstAuthFactors.');
  }
}

/** StartWebAuthnRegistration: `CredentialCreationOptions` for the access token's user. */
const startRegistration: Operation = async (call) => {
  await requireWebAuthn(call);
  const user = await accessTokenUser(call);
  const { pool, services } = call;
  const rpID = relyingPartyOf(call);
  // The name the authenticator shows: the one the user signs in with (*unconfirmed*: Cognito's choice is not documented).
  const { sub, email, phone_number: phone, preferred_username: preferred } = user.attributes;
  const shownName = preferred ?? email ?? phone ?? user.username;
  const options = await generateRegistrationOptions({
    rpName: rpID,
    rpID,
    userName: shownName,
    userID: Buffer.from(sub ?? user.username),
    userDisplayName: shownName,
    attestationType: 'none',
    timeout: CHALLENGE_MS,
    excludeCredentials: services.state.passkeys.of(pool.userPoolId, user.username)
      .filter((p) => p.relyingPartyId === rpID).map((p) => ({ id: p.id, transports: p.transports as any })),
    authenticatorSelection: { residentKey: 'required', userVerification: webAuthnOf(call).userVerification as UserVerificationRequirement },
  });
  services.state.passkeys.registrations.set(`${pool.userPoolId}/${user.username}`, {
    challenge: options.challenge, relyingPartyId: rpID, expiresAt: Date.now() + CHALLENGE_MS,
  });
  return ok({ CredentialCreationOptions: options });
};

type UserVerificationRequirement = 'required' | 'preferred' | 'discouraged';

/** CompleteWebAuthnRegistration: verifies the `Credential` (RegistrationResponseJSON) against the started registration and keeps it. */
const completeRegistration: Operation = async (call) => {
  await requireWebAuthn(call);
  const user = await accessTokenUser(call);
  const { pool, services } = call;
  const key = `${pool.userPoolId}/${user.username}`;
  const started = live(services.state.passkeys.registrations.get(key));
  if (!started) throw new CognitoError('WebAuthnChallengeNotFoundException', 'No passkey registration was started for this user, or it expired.');
  const credential = call.body.Credential;
  const expectedOrigin = checkedOrigin(credential, started.relyingPartyId);
  let verified;
  try {
    verified = await verifyRegistrationResponse({
      response: credential,
      expectedChallenge: started.challenge,
      expectedOrigin,
      expectedRPID: started.relyingPartyId,
      requireUserVerification: webAuthnOf(call).userVerification === 'required',
    });
  } catch (error) {
    throw registrationError(error);
  }
  if (!verified.verified) throw new CognitoError('InvalidParameterException', 'The passkey could not be verified.');
  services.state.passkeys.registrations.delete(key);
  const info = verified.registrationInfo;
  services.state.passkeys.add(pool.userPoolId, user.username, {
    id: info.credential.id,
    publicKey: info.credential.publicKey,
    counter: info.credential.counter,
    transports: info.credential.transports ?? credential.response?.transports ?? [],
    attachment: typeof credential.authenticatorAttachment === 'string' ? credential.authenticatorAttachment : undefined,
    relyingPartyId: started.relyingPartyId,
    createdAt: Math.floor(Date.now() / 1000),
  });
  return ok({});
};

/** The library's refusal as Cognito's error (the RP id's own exception; anything else: the credential is invalid). */
function registrationError(error: unknown): CognitoError {
  const message = String((error as Error)?.message ?? error);
  if (/RP ID/i.test(message)) return new CognitoError('WebAuthnRelyingPartyMismatchException', `The passkey's relying party does not match: ${message}`);
  return new CognitoError('InvalidParameterException', `The credential is not a valid WebAuthn registration: ${message}`);
}

/** ListWebAuthnCredentials: the access token's user's passkeys. */
const listCredentials: Operation = async (call) => {
  const user = await accessTokenUser(call);
  const passkeys = call.services.state.passkeys.of(call.pool.userPoolId, user.username);
  return ok({
    Credentials: passkeys.map((p) => ({
      CredentialId: p.id,
      FriendlyCredentialName: p.attachment === 'cross-platform' ? 'Security key' : 'Passkey',
      RelyingPartyId: p.relyingPartyId,
      ...p.attachment ? { AuthenticatorAttachment: p.attachment } : {},
      AuthenticatorTransports: p.transports,
      CreatedAt: p.createdAt,
    })),
  });
};

/** DeleteWebAuthnCredential: one of the access token's user's passkeys. */
const deleteCredential: Operation = async (call) => {
  const user = await accessTokenUser(call);
  if (!call.services.state.passkeys.delete(call.pool.userPoolId, user.username, String(call.body.CredentialId ?? ''))) {
    throw new CognitoError('ResourceNotFoundException', 'Credential not found.');
  }
  return ok({});
};

export const PASSKEY_OPERATIONS: Readonly<Record<string, Operation>> = {
  StartWebAuthnRegistration: startRegistration,
  CompleteWebAuthnRegistration: completeRegistration,
  ListWebAuthnCredentials: listCredentials,
  DeleteWebAuthnCredential: deleteCredential,
};

/** A refused passkey sign-in, as a wrong password is refused (*unconfirmed*: Cognito does not document its message for WEB_AUTHN). */
const REFUSED = () => new CognitoError('NotAuthorizedException', 'Incorrect username or password.');

/** The `WEB_AUTHN` first factor: available to a user with a passkey. */
export const WEB_AUTHN: FirstFactor = {
  available: (call, user) => call.services.state.passkeys.of(call.pool.userPoolId, user.username).length > 0,
  start: async (call, user, session) => {
    const { pool, services } = call;
    const rpID = relyingPartyOf(call);
    const options = await generateAuthenticationOptions({
      rpID,
      timeout: CHALLENGE_MS,
      userVerification: webAuthnOf(call).userVerification as UserVerificationRequirement,
      allowCredentials: services.state.passkeys.of(pool.userPoolId, user.username)
        .filter((p) => p.relyingPartyId === rpID).map((p) => ({ id: p.id, transports: p.transports as any })),
    });
    services.state.passkeys.signIns.set(session, { challenge: options.challenge, relyingPartyId: rpID, expiresAt: Date.now() + CHALLENGE_MS });
    return ok({
      ChallengeName: 'WEB_AUTHN',
      Session: session,
      ChallengeParameters: { CREDENTIAL_REQUEST_OPTIONS: JSON.stringify(options), USERNAME: user.username },
    });
  },
  answer: async (call, session) => {
    const { pool, services } = call;
    const key = String(call.body.Session);
    const started = live(services.state.passkeys.signIns.get(key));
    // One answer per challenge, as a wrong password ends Cognito's session.
    services.state.passkeys.signIns.delete(key);
    services.state.userAuthSessions.delete(key);
    if (!started) throw new CognitoError('NotAuthorizedException', 'Invalid session for the user, session is expired.');
    let credential: any;
    try {
      credential = JSON.parse(String(call.body.ChallengeResponses?.CREDENTIAL));
    } catch {
      throw new CognitoError('InvalidParameterException', 'CREDENTIAL is not a JSON AuthenticationResponseJSON.');
    }
    const passkey = services.state.passkeys.of(pool.userPoolId, session.username).find((p) => p.id === credential?.id);
    if (!passkey || passkey.relyingPartyId !== started.relyingPartyId) throw REFUSED();
    const expectedOrigin = checkedOrigin(credential, started.relyingPartyId);
    try {
      const { verified, authenticationInfo } = await verifyAuthenticationResponse({
        response: credential,
        expectedChallenge: started.challenge,
        expectedOrigin,
        expectedRPID: started.relyingPartyId,
        credential: { id: passkey.id, publicKey: new Uint8Array(passkey.publicKey), counter: passkey.counter, transports: passkey.transports as any },
        requireUserVerification: webAuthnOf(call).userVerification === 'required',
      });
      if (!verified) throw REFUSED();
      passkey.counter = authenticationInfo.newCounter;
    } catch (error) {
      services.log(`local Cognito: the passkey sign-in of ${session.username} in ${pool.userPoolId} was refused: ${(error as Error)?.message ?? error}`);
      throw REFUSED();
    }
    return signedIn(call, session.username);
  },
};

import { CodeStore } from './codes';
import { Descriptions } from './descriptions';
import { IssuedTokens } from './issued-tokens';
import { MessageBox } from './message-box';
import { PasskeyStore } from './passkey-store';
import type { PendingSrpChallenge, UserAuthSession } from './sessions';
import type { SrpVerifier } from './srp';

/** A pool's settings as SetUserPoolMfaConfig last set them (moto keeps only its SMS and TOTP settings). */
export interface PoolMfaSettings {
  /** `WebAuthnConfiguration`: the passkeys' relying party and user verification. */
  readonly webAuthn: { readonly relyingPartyId?: string; readonly userVerification: string };
  /** `EmailMfaConfiguration`. */
  readonly email?: Readonly<Record<string, unknown>>;
}

/**
 * What the front knows that moto does not, kept for the runner's whole life (across --watch
 * reloads): filled by the operations that need it.
 */
export class FrontState {
  /** The tokens the front issued, and the revoked sign-ins. */
  readonly tokens = new IssuedTokens();
  /** The SRP verifier of each user whose password went through the front, by `${userPoolId}/${username}` (moto's username). */
  readonly verifiers = new Map<string, SrpVerifier>();
  /** Open `PASSWORD_VERIFIER` challenges, by their `Session`. */
  readonly srpChallenges = new Map<string, PendingSrpChallenge>();
  /** Open USER_AUTH sessions (SELECT_CHALLENGE, EMAIL_OTP, SMS_OTP, WEB_AUTHN), by their `Session`. */
  readonly userAuthSessions = new Map<string, UserAuthSession>();
  /** The users' passkeys and the open WebAuthn ceremonies. */
  readonly passkeys = new PasskeyStore();
  /** What SetUserPoolMfaConfig set, by pool id: over the template's settings from then on. */
  readonly mfaConfigs = new Map<string, PoolMfaSettings>();
  /** The pools and app clients as moto describes them, until a call changes them. */
  readonly descriptions = new Descriptions();
  /** The messages sent (codes, invitations): `GET <cognitoEndpoint>/local/messages`. */
  readonly messages = new MessageBox();
  /** The live confirmation and verification codes. */
  readonly codes: CodeStore;

  /** `now`: the codes' clock (for tests of expiry). */
  constructor(now?: () => number) {
    this.codes = new CodeStore(now);
  }
}

import { randomInt } from 'crypto';
import { CognitoError } from '../client';

/**
 * Confirmation and verification codes as Cognito's: six random digits, one live code per user and
 * purpose (a newer code replaces the older one), a lifetime, an attempt limit, used once.
 *
 * - Lifetimes: "Confirmation and verification codes are valid for 24 hours. Forgot password codes are
 *   valid for 1 hour only." (AWS staff, amazon-cognito-identity-js #189; "Verifying contact
 *   information at sign-up" in the developer guide: 24 hours).
 * - Messages: ConfirmSignUp, ConfirmForgotPassword, VerifyUserAttribute (API reference, Errors):
 *   `CodeMismatchException`, `ExpiredCodeException`, `LimitExceededException`, worded as the SDKs
 *   report them (amplify-js #11738, amplify-flutter #1128, amplify-js #8013).
 */

/** What a code is for: confirming the sign-up, resetting the password, verifying one attribute. */
export type CodePurpose = 'sign-up' | 'forgot-password' | `verify-${string}` | 'email-otp' | 'sms-otp';

const HOUR_MS = 3600_000;

/** Sign-in codes (USER_AUTH's EMAIL_OTP, SMS_OTP) live as long as the sign-in session: 3 minutes. */
const SIGN_IN_CODE_MS = 3 * 60_000;

export function codeLifetimeMs(purpose: CodePurpose): number {
  if (purpose === 'email-otp' || purpose === 'sms-otp') return SIGN_IN_CODE_MS;
  return purpose === 'forgot-password' ? HOUR_MS : 24 * HOUR_MS;
}

/**
 * Wrong codes accepted before `LimitExceededException`: Cognito does "not share externally the exact
 * limits involved" (AWS staff, amazon-cognito-identity-js #548); users report the limit after about
 * five tries (same issue, for forgot-password requests). 5 here: the 6th wrong try is refused, and
 * so is every try after it (the right code included) until a new code is sent.
 */
export const MAX_WRONG_ATTEMPTS = 5;

export const CODE_MISMATCH = (): CognitoError => new CognitoError('CodeMismatchException', 'Invalid verification code provided, please try again.');
export const EXPIRED_CODE = (): CognitoError => new CognitoError('ExpiredCodeException', 'Invalid code provided, please request a code again.');
export const ATTEMPT_LIMIT = (): CognitoError => new CognitoError('LimitExceededException', 'Attempt limit exceeded, please try after some time.');

interface LiveCode {
  readonly code: string;
  readonly expires: number;
  /** The attribute it was sent to (`email`, `phone_number`): confirming it verifies that attribute. */
  readonly attribute?: string;
  wrong: number;
  used: boolean;
}

export class CodeStore {
  private readonly codes = new Map<string, LiveCode>();

  /** `now`: the clock (milliseconds), injectable for tests of expiry. */
  constructor(private readonly now: () => number = () => Date.now()) {}

  /** A new code for the user and purpose; the older one, if any, no longer works. */
  issue(pool: string, username: string, purpose: CodePurpose, attribute?: string): string {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    this.codes.set(key(pool, username, purpose), { code, expires: this.now() + codeLifetimeMs(purpose), attribute, wrong: 0, used: false });
    return code;
  }

  /**
   * Checks a code without using it up (call {@link use} once the operation succeeded): throws
   * LimitExceededException after {@link MAX_WRONG_ATTEMPTS} wrong tries, ExpiredCodeException for an
   * expired or used code, CodeMismatchException for a wrong one or when none was sent. The attribute it was sent to.
   */
  check(pool: string, username: string, purpose: CodePurpose, code: unknown): { attribute?: string } {
    const live = this.codes.get(key(pool, username, purpose));
    if (!live) throw CODE_MISMATCH();
    if (live.wrong >= MAX_WRONG_ATTEMPTS) throw ATTEMPT_LIMIT();
    if (String(code ?? '') !== live.code) {
      live.wrong += 1;
      throw CODE_MISMATCH();
    }
    if (live.used || this.now() > live.expires) throw EXPIRED_CODE();
    return { attribute: live.attribute };
  }

  /** The code worked: it cannot be used again. */
  use(pool: string, username: string, purpose: CodePurpose): void {
    const live = this.codes.get(key(pool, username, purpose));
    if (live) live.used = true;
  }
}

const key = (pool: string, username: string, purpose: CodePurpose) => JSON.stringify([pool, username, purpose]);

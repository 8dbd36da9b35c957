/**
 * A first factor of choice-based sign-in (`InitiateAuth` with `AuthFlow: USER_AUTH`, and
 * `AuthParameters.PREFERRED_CHALLENGE` set to the method's `challenge`).
 */
export class SignInMethod {
  /** Username (or email) and password. Cognito keeps it on whenever choice-based sign-in is on. */
  public static readonly PASSWORD = new SignInMethod('PASSWORD');

  /** A one-time code sent by email. Needs the pool to send email with Amazon SES (`email: UserPoolEmail.withSES(...)`). */
  public static readonly EMAIL_OTP = new SignInMethod('EMAIL_OTP');

  /** A one-time code sent by SMS. The pool gets an SNS role; Amazon SNS charges per message. */
  public static readonly SMS_OTP = new SignInMethod('SMS_OTP');

  /** A passkey (WebAuthn): the relying party is the sign-in domain (`passkeyRelyingPartyId`). */
  public static readonly PASSKEY = new SignInMethod('WEB_AUTHN');

  /** @param challenge the value of `PREFERRED_CHALLENGE` and of the pool's `AllowedFirstAuthFactors` */
  private constructor(public readonly challenge: string) {}
}

import { FrontCall } from './call';
import { MessageKind } from './message-box';

/**
 * Sending a code (or an invitation's temporary password) to a user's email or phone as Cognito does:
 * the text from the pool's CustomMessage trigger if it has one ("Custom message Lambda trigger":
 * `codeParameter` `{####}`, its `emailMessage`/`smsMessage`/`emailSubject`), else from the pool's
 * message templates (DescribeUserPool), else Cognito's default; the message put in the front's
 * message box; the `CodeDeliveryDetails` answered, its destination masked.
 */

/** The attributes a code goes to. */
export type ContactAttribute = 'email' | 'phone_number';

/** `CodeDeliveryDetailsType` (API reference). */
export interface CodeDeliveryDetails {
  readonly Destination: string;
  readonly DeliveryMedium: 'EMAIL' | 'SMS';
  readonly AttributeName: ContactAttribute;
}

/** One message to deliver. */
export interface Delivery {
  /** The user's username (Cognito's, not an alias). */
  readonly username: string;
  /** The user's attributes (the trigger's `userAttributes`; where `attribute`'s value is read). */
  readonly attributes: Readonly<Record<string, string>>;
  readonly attribute: ContactAttribute;
  readonly kind: MessageKind;
  readonly code: string;
  /** The CustomMessage trigger's source, e.g. `CustomMessage_SignUp`. */
  readonly triggerSource: string;
}

const CODE = '{####}';
const USERNAME = '{username}';
/** Cognito's default texts (the console's defaults; moto's `DEFAULT_USER_POOL_CONFIG`). */
const DEFAULT_VERIFICATION = 'Your verification code is {####}.';
const DEFAULT_INVITATION = 'Your username is {username} and temporary password is {####}.';
const DEFAULT_SIGN_IN_CODE = 'Your sign-in code is {####}.';

/** `admin@example.com` → `a***@e***.com`, `+15555551234` → `+*******1234` (FIELD-NOTES: what Cognito answered). */
export function maskDestination(destination: string): string {
  const at = destination.lastIndexOf('@');
  if (at < 0) return `+*******${destination.slice(-4)}`;
  const domain = destination.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  return `${destination[0]}***@${domain[0] ?? ''}***${dot > 0 ? domain.slice(dot) : ''}`;
}

export function deliveryDetails(attribute: ContactAttribute, destination: string): CodeDeliveryDetails {
  return { Destination: maskDestination(destination), DeliveryMedium: attribute === 'email' ? 'EMAIL' : 'SMS', AttributeName: attribute };
}

/** The pool's own text for the message (template or default), before substitution. */
function templateOf(pool: Record<string, any>, kind: MessageKind, email: boolean): { text: string; subject?: string } {
  if (kind === 'invitation') {
    const invite = pool.AdminCreateUserConfig?.InviteMessageTemplate ?? {};
    return { text: (email ? invite.EmailMessage : invite.SMSMessage) ?? DEFAULT_INVITATION, subject: invite.EmailSubject ?? 'Your temporary password' };
  }
  if (kind === 'email-otp' || kind === 'sms-otp') {
    // Sign-in codes do not use the verification template (*unconfirmed*: Cognito's own wording is not documented).
    return { text: DEFAULT_SIGN_IN_CODE, subject: 'Your sign-in code' };
  }
  const template = pool.VerificationMessageTemplate ?? {};
  const text = email ? template.EmailMessage ?? pool.EmailVerificationMessage : template.SmsMessage ?? pool.SmsVerificationMessage;
  return { text: text ?? DEFAULT_VERIFICATION, subject: template.EmailSubject ?? pool.EmailVerificationSubject ?? 'Your verification code' };
}

/** Sends the message (the box, the console line); its `CodeDeliveryDetails`. Throws TriggerFailed. */
export async function deliver(call: FrontCall, delivery: Delivery): Promise<CodeDeliveryDetails> {
  const destination = delivery.attributes[delivery.attribute];
  const email = delivery.attribute === 'email';
  const custom = await call.trigger('CustomMessage', delivery.triggerSource, delivery.username, {
    userAttributes: delivery.attributes,
    codeParameter: CODE,
    usernameParameter: delivery.kind === 'invitation' ? USERNAME : null,
    linkParameter: '{##Click Here##}',
    clientMetadata: call.body.ClientMetadata ?? {},
  }, { smsMessage: null, emailMessage: null, emailSubject: null });
  const fallback = templateOf(await call.describePool(), delivery.kind, email);
  const text = (email ? custom?.emailMessage : custom?.smsMessage) ?? fallback.text;
  const subject = email ? custom?.emailSubject ?? fallback.subject : undefined;
  call.services.state.messages.send({
    pool: call.pool.userPoolId,
    username: delivery.username,
    destination,
    kind: delivery.kind,
    code: delivery.code,
    text: String(text).split(CODE).join(delivery.code).split(USERNAME).join(delivery.username).trim(),
    ...(subject ? { subject: String(subject) } : {}),
  }, call.services.log);
  return deliveryDetails(delivery.attribute, destination);
}

/**
 * The messages the local Cognito would have emailed or texted (no SES, no SNS here): codes for
 * sign-up, resend, forgot-password, attribute verification, invitations with their temporary
 * passwords (and, later, sign-in one-time passwords). Each is printed on the runner's console in one
 * line and served as JSON at `GET <cognitoEndpoint>/local/messages`, so a developer, a test or a
 * flow reads the code as a user would read their mail.
 */

/** Why a message was sent (`email-otp` and `sms-otp` are USER_AUTH's sign-in codes). */
export type MessageKind = 'sign-up' | 'resend' | 'forgot-password' | 'verify-attribute' | 'invitation' | 'email-otp' | 'sms-otp';

/** A message to send: whom, where, why, the code (or temporary password) and the text with it substituted. */
export interface OutgoingMessage {
  /** The user pool's id. */
  readonly pool: string;
  /** The user's username (for pools signing in with email or phone, the `sub`-like username Cognito gives). */
  readonly username: string;
  /** The email address or phone number it went to. */
  readonly destination: string;
  readonly kind: MessageKind;
  /** The code (for `invitation`: the temporary password). */
  readonly code: string;
  /** The text as the user reads it. */
  readonly text: string;
  /** The email's subject (email only). */
  readonly subject?: string;
}

/** A message sent: as it was sent, and when (ISO 8601). */
export interface Message extends OutgoingMessage {
  readonly deliveryMedium: 'EMAIL' | 'SMS';
  readonly time: string;
}

/** `GET /local/messages` filters; `username` matches the username or the destination. */
export interface MessageFilter {
  readonly pool?: string;
  readonly username?: string;
  readonly kind?: string;
}

export class MessageBox {
  private readonly sent: Message[] = [];

  /** Keeps a message and prints it on the console (`log`): `✉ code 482913 for alice@example.com (sign-up, pool us-east-1_abc)`. */
  send(message: OutgoingMessage, log: (line: string) => void): Message {
    const kept: Message = {
      ...message,
      deliveryMedium: message.destination.includes('@') ? 'EMAIL' : 'SMS',
      time: new Date().toISOString(),
    };
    this.sent.push(kept);
    const what = message.kind === 'invitation' ? 'temporary password' : 'code';
    log(`✉ ${what} ${message.code} for ${message.destination} (${message.kind}, pool ${message.pool})`);
    return kept;
  }

  /** The messages sent, oldest first, those `filter` names only. */
  list(filter: MessageFilter = {}): Message[] {
    return this.sent.filter((message) =>
      (!filter.pool || message.pool === filter.pool)
      && (!filter.kind || message.kind === filter.kind)
      && (!filter.username || message.username === filter.username || message.destination === filter.username));
  }
}

/** Where the front serves the messages (under its URL, the endpoints file's `cognitoEndpoint`). */
export const MESSAGES_PATH = '/local/messages';

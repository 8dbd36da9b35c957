import { escape, hiddenFields, managedLoginPage } from './sign-in-page';

/**
 * The local managed login's account pages ("Hosted UI endpoints reference",
 * https://docs.aws.amazon.com/cognito/latest/developerguide/hosted-UI-endpoints.html): `/signup`
 * (username, password and the pool's required attributes), `/confirmUser` (the code from the
 * message box), `/forgotPassword` (the username) and `/confirmForgotPassword` (the code and a new
 * password). Each form posts to its own path with the authorize request's parameters hidden, so the
 * flow goes back to the sign-in page and on to the app's callback. Plain HTML, no script.
 */

export interface AccountPageOptions {
  readonly poolId: string;
  /** The authorize request's parameters. */
  readonly params: Record<string, string>;
  readonly error?: string;
  readonly notice?: string;
}

const field = (label: string, name: string, type = 'text', value = '', autocomplete = '') =>
  `<label>${escape(label)} <input name="${escape(name)}" id="${escape(name)}" type="${type}"`
  + `${value ? ` value="${escape(value)}"` : ''}${autocomplete ? ` autocomplete="${autocomplete}"` : ''} required></label>`;

const form = (action: string, options: AccountPageOptions, fields: string[], button: [string, string]) => `<form method="post" action="${action}">
    ${hiddenFields(options.params)}
    ${fields.join('\n    ')}
    <button type="submit" id="${button[0]}">${escape(button[1])}</button>
  </form>`;

/** The sign-up form's field of a required attribute: `attr.<name>`. */
export const attributeField = (name: string): string => `attr.${name}`;

export function signUpPage(options: AccountPageOptions & { readonly usernameLabel: string; readonly requiredAttributes: readonly string[] }): string {
  const fields = [
    field(options.usernameLabel, 'username', 'text', '', 'username'),
    field('Password', 'password', 'password', '', 'new-password'),
    ...options.requiredAttributes.map((name) => field(name, attributeField(name), name === 'email' ? 'email' : 'text')),
  ];
  return managedLoginPage('Sign up', options.poolId, form('/signup', options, fields, ['sign-up', 'Sign up']), options);
}

export function confirmUserPage(options: AccountPageOptions & { readonly username: string }): string {
  const fields = [`<input type="hidden" name="username" value="${escape(options.username)}">`, field('Confirmation code', 'code', 'text', '', 'one-time-code')];
  return managedLoginPage('Confirm your account', options.poolId, form('/confirmUser', options, fields, ['confirm', 'Confirm account']), options);
}

export function forgotPasswordPage(options: AccountPageOptions & { readonly usernameLabel: string }): string {
  const fields = [field(options.usernameLabel, 'username', 'text', '', 'username')];
  return managedLoginPage('Forgot your password?', options.poolId, form('/forgotPassword', options, fields, ['reset', 'Reset my password']), options);
}

export function confirmForgotPasswordPage(options: AccountPageOptions & { readonly username: string }): string {
  const fields = [
    `<input type="hidden" name="username" value="${escape(options.username)}">`,
    field('Code', 'code', 'text', '', 'one-time-code'),
    field('New password', 'password', 'password', '', 'new-password'),
  ];
  return managedLoginPage('Reset your password', options.poolId, form('/confirmForgotPassword', options, fields, ['change-password', 'Change password']), options);
}

/** The code step of a one-time-code sign-in (`EMAIL_OTP`, `SMS_OTP`): the code, the USER_AUTH session carried along. */
export interface SignInCodePageOptions extends AccountPageOptions {
  readonly username: string;
  readonly factor: string;
  readonly session: string;
  /** Where the code went, masked (`CODE_DELIVERY_DESTINATION`). */
  readonly destination?: string;
}

export function signInCodePage(options: SignInCodePageOptions): string {
  const fields = [
    `<input type="hidden" name="factor" value="${escape(options.factor)}">`,
    `<input type="hidden" name="session" value="${escape(options.session)}">`,
    `<input type="hidden" name="username" value="${escape(options.username)}">`,
    field('Code', 'code', 'text', '', 'one-time-code'),
  ];
  const notice = options.error ? undefined : `We sent a code to ${options.destination ?? 'you'}: enter it below.`;
  return managedLoginPage('Sign in', options.poolId, form('/login', options, fields, ['sign-in-code', 'Sign in']), { error: options.error, notice });
}

import { ManagedLoginOffer } from './managed-login';

/**
 * The local stand-in for Cognito's managed sign-in page: what the pool and the app client allow
 * (managed-login.ts): username and password, links to sign up and to reset a forgotten password, a
 * one-time-code sign-in per code factor (a line for passkeys), and a link to the local stand-in of each federated provider the
 * app client lists. Plain HTML, no script; managed login's branding is not rendered.
 */

export function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The authorize request's parameters, carried along as hidden fields. */
export function hiddenFields(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([name, value]) => `<input type="hidden" name="${escape(name)}" value="${escape(value)}">`).join('\n    ');
}

/** A page of the local managed login: title, the pool line, the branding line, an error or notice, the body. */
export function managedLoginPage(title: string, poolId: string, body: string, message?: { error?: string; notice?: string }): string {
  const error = message?.error ? `<p role="alert" id="error">${escape(message.error)}</p>` : '';
  const notice = message?.notice ? `<p role="status" id="notice">${escape(message.notice)}</p>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)} (local)</title></head>
<body>
  <h1>${escape(title)}</h1>
  <p>Local sign-in page of user pool ${escape(poolId)} (cdk-cognito-protected-http-api local).</p>
  <p>Managed login's branding is not rendered locally.</p>
  ${error}${notice}
  ${body}
</body></html>
`;
}

/** What each first factor other than the password is called on the page. */
const FACTOR_NAMES: Record<string, string> = {
  EMAIL_OTP: 'a one-time code by email',
  SMS_OTP: 'a one-time code by SMS',
  WEB_AUTHN: 'a passkey',
};

/**
 * A first factor's part of the page: a one-time code (`EMAIL_OTP`, `SMS_OTP`) asks for the username
 * and posts `factor` (managed-login-codes.ts); a passkey (`WEB_AUTHN`) is named only — browsers take
 * no IP address as relying party, so the page on 127.0.0.1 cannot use it.
 */
function factorForm(factor: string, options: SignInPageOptions): string {
  const name = escape(FACTOR_NAMES[factor] ?? factor);
  const id = escape(factor.toLowerCase().replace(/_/g, '-'));
  if (factor === 'WEB_AUTHN') {
    return `<p class="factor" data-factor="${escape(factor)}">Sign-in with ${name} (${escape(factor)}) is allowed by the pool:`
      + ' not on this page (browsers take no IP address as relying party); use USER_AUTH from a page on localhost.</p>';
  }
  return `<form class="factor" data-factor="${escape(factor)}" method="post" action="${escape(options.action)}">
    ${hiddenFields(options.params)}
    <input type="hidden" name="factor" value="${escape(factor)}">
    <label>${escape(options.usernameLabel)} <input name="username" id="username-${id}" autocomplete="username" required></label>
    <button type="submit" id="sign-in-${id}">Sign in with ${name}</button>
  </form>`;
}

export interface SignInPageOptions {
  readonly action: string;
  readonly params: Record<string, string>;
  readonly offer: ManagedLoginOffer;
  /** The username field's label (`UsernameAttributes`). */
  readonly usernameLabel: string;
  /** The app client's federated providers: name → the URL of its local stand-in page. */
  readonly federated: ReadonlyArray<{ readonly name: string; readonly url: string }>;
  readonly error?: string;
  readonly notice?: string;
  readonly poolId: string;
}

export function signInPage(options: SignInPageOptions): string {
  const { offer } = options;
  const query = new URLSearchParams(options.params).toString();
  const form = offer.password ? `<form method="post" action="${escape(options.action)}">
    ${hiddenFields(options.params)}
    <label>${escape(options.usernameLabel)} <input name="username" id="username" autocomplete="username" required></label>
    <label>Password <input name="password" id="password" type="password" autocomplete="current-password" required></label>
    <button type="submit" id="sign-in">Sign in</button>
  </form>` : '';
  const links = [
    ...offer.forgotPassword ? [`<p><a id="forgot-password" href="/forgotPassword?${escape(query)}">Forgot your password?</a></p>`] : [],
    ...offer.signUp ? [`<p>Need an account? <a id="sign-up" href="/signup?${escape(query)}">Sign up</a></p>`] : [],
    ...offer.otherFactors.map((factor) => factorForm(factor, options)),
    ...options.federated.map((provider) => `<p><a class="idp" href="${escape(provider.url)}">Continue with ${escape(provider.name)} (local stand-in)</a></p>`),
  ];
  return managedLoginPage('Sign in', options.poolId, `${form}\n  ${links.join('\n  ')}`, { error: options.error, notice: options.notice });
}

export function errorPage(error: string, description: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Error (local sign-in)</title></head>
<body><h1>An error was encountered with the requested page.</h1><p id="error">${escape(error)}: ${escape(description)}</p></body></html>
`;
}

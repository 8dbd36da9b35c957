/**
 * The local stand-in for Cognito's managed sign-in page: username and password, and a link to the
 * local stand-in of each federated provider the app client lists. Plain HTML, no script.
 */

export function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export interface SignInPageOptions {
  readonly action: string;
  readonly params: Record<string, string>;
  /** The app client's federated providers: name → the URL of its local stand-in page. */
  readonly federated: ReadonlyArray<{ readonly name: string; readonly url: string }>;
  readonly error?: string;
  readonly poolId: string;
}

export function signInPage(options: SignInPageOptions): string {
  const hidden = Object.entries(options.params)
    .map(([name, value]) => `<input type="hidden" name="${escape(name)}" value="${escape(value)}">`).join('\n    ');
  const federated = options.federated
    .map((provider) => `<p><a class="idp" href="${escape(provider.url)}">Continue with ${escape(provider.name)} (local stand-in)</a></p>`).join('\n  ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in (local)</title></head>
<body>
  <h1>Sign in</h1>
  <p>Local sign-in page of user pool ${escape(options.poolId)} (cdk-cognito-protected-http-api local).</p>
  <p>Managed login's branding is not rendered locally.</p>
  ${options.error ? `<p role="alert" id="error">${escape(options.error)}</p>` : ''}
  <form method="post" action="${escape(options.action)}">
    ${hidden}
    <label>Username <input name="username" id="username" autocomplete="username" required></label>
    <label>Password <input name="password" id="password" type="password" autocomplete="current-password" required></label>
    <button type="submit" id="sign-in">Sign in</button>
  </form>
  ${federated}
</body></html>
`;
}

export function errorPage(error: string, description: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Error (local sign-in)</title></head>
<body><h1>An error was encountered with the requested page.</h1><p id="error">${escape(error)}: ${escape(description)}</p></body></html>
`;
}

import { attributeField, confirmForgotPasswordPage, confirmUserPage, forgotPasswordPage, signUpPage } from './account-pages';
import { CognitoClient, CognitoError } from './client';
import { secretHash } from './front/client-rules';
import { managedLoginPool, ManagedLoginPool, SIGN_UP_NOT_PERMITTED, usernameLabel } from './managed-login';
import { managedLoginPage } from './sign-in-page';

/**
 * Managed login's account flows on the local domain, run through the runner's Cognito front so the
 * pages behave as the API does (the front sends the codes to the message box, checks them, enforces
 * the password policy and the app client's rules, runs the triggers):
 * - `/signup` → SignUp (the client's `SECRET_HASH` added when it has a secret), then `/confirmUser`
 *   for the code (an auto-confirmed user goes straight back to the sign-in page). With
 *   `AllowAdminCreateUserOnly` the page offers no sign-up and `/signup` answers Cognito's
 *   NotAuthorizedException "SignUp is not permitted for this user pool" (the front's SignUp API
 *   leaves that check to moto, which does not make it).
 * - `/confirmUser` → ConfirmSignUp, then the sign-in page.
 * - `/forgotPassword` → ForgotPassword, then `/confirmForgotPassword` → ConfirmForgotPassword, then
 *   the sign-in page: Cognito redirects to `/login` from `/confirmforgotPassword` ("Hosted UI
 *   endpoints reference", https://docs.aws.amazon.com/cognito/latest/developerguide/hosted-UI-endpoints.html).
 *   After `/confirmUser` the local page does the same (whether managed login signs the user in at
 *   once instead is *unconfirmed*).
 * A Cognito error shows the page again with Cognito's message.
 */

/** What the OAuth server answers: a page, or a redirect to the sign-in page or the next step. */
export type AccountAnswer = { readonly status: number; readonly html: string } | { readonly location: string };

/** The app client the flow signs up with (DescribeUserPoolClient). */
export interface AccountClient {
  readonly ClientId: string;
  readonly ClientSecret?: string;
}

/** The `SECRET_HASH` of a call for `username` when the client has a secret (as `SecretHash` or, in `AuthParameters`, `SECRET_HASH`). */
export function clientSecretHash(client: AccountClient, username: string): { SECRET_HASH?: string } {
  return client.ClientSecret ? { SECRET_HASH: secretHash(client.ClientSecret, username, client.ClientId) } : {};
}

export const ACCOUNT_PATHS = ['/signup', '/confirmUser', '/forgotPassword', '/confirmForgotPassword'];

export class ManagedLoginAccounts {
  constructor(
    private readonly front: CognitoClient,
    private readonly userPoolId: string,
    private readonly firstFactors: readonly string[],
  ) {}

  /** The pool's settings the pages read, through the front's DescribeUserPool. */
  async pool(): Promise<ManagedLoginPool> {
    const { UserPool } = await this.front.call('DescribeUserPool', { UserPoolId: this.userPoolId });
    return managedLoginPool(UserPool ?? {}, this.firstFactors);
  }

  /** `GET` or `POST` of one of {@link ACCOUNT_PATHS}; `params`: the query or the form, with the authorize request's. */
  async handle(method: string, path: string, params: URLSearchParams, kept: Record<string, string>, client: AccountClient): Promise<AccountAnswer> {
    const pool = await this.pool();
    const options = { poolId: this.userPoolId, params: kept };
    const username = (params.get('username') ?? '').trim();
    const label = usernameLabel(pool.usernameAttributes);
    const page = {
      '/signup': (error?: string) => signUpPage({ ...options, error, usernameLabel: label, requiredAttributes: pool.requiredAttributes }),
      '/confirmUser': (error?: string) => confirmUserPage({ ...options, error, username, notice: error ? undefined : 'We sent a code to your email or phone: enter it below.' }),
      '/forgotPassword': (error?: string) => forgotPasswordPage({ ...options, error, usernameLabel: label }),
      '/confirmForgotPassword': (error?: string) => confirmForgotPasswordPage({ ...options, error, username, notice: error ? undefined : 'We sent a code to your email or phone: enter it and a new password.' }),
    }[path]!;
    if (path === '/signup' && !pool.selfSignUp) return { status: 400, html: signUpRefused(options.poolId) };
    if (method === 'GET') return { status: 200, html: page() };
    const hash = clientSecretHash(client, username).SECRET_HASH;
    const base = { ClientId: client.ClientId, Username: username, ...hash ? { SecretHash: hash } : {} };
    const next = (to: string, extra: Record<string, string> = {}) => ({ location: `${to}?${new URLSearchParams({ ...kept, ...extra })}` });
    try {
      switch (path) {
        case '/signup': {
          const attributes = pool.requiredAttributes.map((name) => ({ Name: name, Value: (params.get(attributeField(name)) ?? '').trim() }));
          const answer = await this.front.call('SignUp', { ...base, Password: params.get('password') ?? '', UserAttributes: attributes });
          return answer.UserConfirmed ? next('/login') : next('/confirmUser', { username });
        }
        case '/confirmUser':
          await this.front.call('ConfirmSignUp', { ...base, ConfirmationCode: (params.get('code') ?? '').trim() });
          return next('/login');
        case '/forgotPassword':
          await this.front.call('ForgotPassword', base);
          return next('/confirmForgotPassword', { username });
        default:
          await this.front.call('ConfirmForgotPassword', { ...base, ConfirmationCode: (params.get('code') ?? '').trim(), Password: params.get('password') ?? '' });
          return next('/login');
      }
    } catch (error) {
      if (error instanceof CognitoError) return { status: 400, html: page(error.detail) };
      throw error;
    }
  }
}

/** The sign-up page of a pool where only administrators create users: Cognito's message, no form. */
const signUpRefused = (poolId: string): string => managedLoginPage('Sign up', poolId, '', { error: SIGN_UP_NOT_PERMITTED });

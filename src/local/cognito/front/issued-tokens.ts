/**
 * The tokens the front issued, and which of them are revoked. The front signs its own ID and access
 * tokens (as Cognito's), so it keeps, for each access token, moto's own one (what moto checks on
 * `GetUser` and the other access-token operations); for each refresh token (moto's), its sign-in
 * (`origin_jti`). `RevokeToken` revokes one sign-in, `GlobalSignOut` every sign-in of a user: their
 * refresh tokens are refused, and so are their access tokens on every later Cognito call ("Revoking
 * tokens", GlobalSignOut in the API reference); JWT authorizers keep accepting unexpired access
 * tokens, as on AWS.
 */

/** One sign-in's tokens, as the front issued them. */
export interface IssuedSignIn {
  readonly userPoolId: string;
  readonly clientId: string;
  readonly username: string;
  readonly sub: string;
  /** The sign-in's id, in every token it yields (`origin_jti`). */
  readonly originJti: string;
}

interface IssuedAccessToken extends IssuedSignIn {
  /** moto's access token for the same sign-in. */
  readonly motoAccessToken: string;
  /** Seconds since the epoch. */
  readonly expiresAt: number;
}

interface IssuedRefreshToken extends IssuedSignIn {
  /** Seconds since the epoch: the client's refresh-token validity after the sign-in. */
  readonly expiresAt: number;
}

export class IssuedTokens {
  private readonly accessTokens = new Map<string, IssuedAccessToken>();
  private readonly refreshTokens = new Map<string, IssuedRefreshToken>();
  private readonly revokedSignIns = new Set<string>();

  rememberAccessToken(accessToken: string, signIn: IssuedSignIn, motoAccessToken: string, expiresAt: number): void {
    this.accessTokens.set(accessToken, { ...signIn, motoAccessToken, expiresAt });
  }

  rememberRefreshToken(refreshToken: string, signIn: IssuedSignIn, expiresAt: number): void {
    this.refreshTokens.set(refreshToken, { ...signIn, expiresAt });
  }

  /** The access token's sign-in and moto's token, or undefined for a token the front did not issue. */
  accessToken(accessToken: string): IssuedAccessToken | undefined {
    return this.accessTokens.get(accessToken);
  }

  refreshToken(refreshToken: string): IssuedRefreshToken | undefined {
    return this.refreshTokens.get(refreshToken);
  }

  isRevoked(signIn: IssuedSignIn): boolean {
    return this.revokedSignIns.has(signIn.originJti);
  }

  /** `RevokeToken`: the refresh token's sign-in. */
  revoke(signIn: IssuedSignIn): void {
    this.revokedSignIns.add(signIn.originJti);
  }

  /** `GlobalSignOut`, `AdminUserGlobalSignOut`: every sign-in of the user so far. */
  signOut(userPoolId: string, username: string): void {
    for (const signIn of [...this.accessTokens.values(), ...this.refreshTokens.values()]) {
      if (signIn.userPoolId === userPoolId && signIn.username === username) this.revokedSignIns.add(signIn.originJti);
    }
  }
}

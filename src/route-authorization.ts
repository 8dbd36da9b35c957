/**
 * Options for `RouteAuthorization.signedIn()`.
 */
export interface SignedInOptions {
  /**
   * OAuth scopes the caller's token must carry (any one of them, as API Gateway checks them).
   *
   * ID tokens carry no `scope` claim: a route that requires scopes must be called with an
   * access token.
   *
   * @default - no scope is required: any valid ID or access token of the pool's app clients
   */
  readonly scopes?: string[];
}

/**
 * Who may call a route.
 *
 * Every route is protected by the API's user-pool authorizer unless it is declared public with
 * `RouteAuthorization.publicAccess()` (default-deny).
 */
export class RouteAuthorization {
  /**
   * Callers must send a valid token of one of the pool's app clients in the `Authorization` header.
   * This is the default for every route.
   */
  public static signedIn(options: SignedInOptions = {}): RouteAuthorization {
    return new RouteAuthorization(false, [...(options.scopes ?? [])]);
  }

  /**
   * Anyone may call the route, without a token. Use it deliberately: health checks, public content.
   */
  public static publicAccess(): RouteAuthorization {
    return new RouteAuthorization(true, []);
  }

  /** Whether the route is open to callers without a token. */
  public readonly isPublic: boolean;

  /** The OAuth scopes a caller's token must carry (empty when none is required). */
  public readonly scopes: string[];

  private constructor(isPublic: boolean, scopes: string[]) {
    this.isPublic = isPublic;
    this.scopes = scopes;
  }

  /** A short description for route tables and error messages, e.g. `signed-in (scopes: a, b)`. */
  public describe(): string {
    if (this.isPublic) {
      return 'public';
    }
    return this.scopes.length > 0 ? `signed-in (scopes: ${this.scopes.join(', ')})` : 'signed-in';
  }
}

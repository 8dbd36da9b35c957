import { GROUP_SCOPE_PREFIX } from '../../shared/group-scope';

/**
 * A claim the caller's token must carry with one of the given values. Checked only by the Lambda
 * authorizer (`TokenAuthorizer.lambdaAuthorizer()`): API Gateway's JWT authorizer cannot check claims.
 */
export interface RequiredClaim {
  /** The claim's name, e.g. `tenant` or `custom:plan`. */
  readonly name: string;
  /** The accepted values (any one of them). */
  readonly values: string[];
}

/**
 * Options for `RouteAuthorization.signedIn()`.
 */
export interface SignedInOptions {
  /**
   * OAuth scopes the caller's token must carry (any one of them, as API Gateway checks them),
   * written as in the token: `<resource server>/<scope>` for the API's scopes (e.g. `api/items.read`),
   * or a standard scope such as `openid` or `aws.cognito.signin.user.admin`.
   *
   * ID tokens carry no `scope` claim: a route that requires scopes must be called with an access token.
   *
   * @default - no scope is required: any valid ID or access token of the pool's app clients
   */
  readonly scopes?: string[];

  /**
   * Claims the caller's token must carry with one of the given values. Needs the Lambda authorizer
   * (`tokenAuthorizer: TokenAuthorizer.lambdaAuthorizer()`).
   *
   * @default - no claim is required
   */
  readonly claims?: RequiredClaim[];
}

/**
 * Who may call a route.
 *
 * Every route is protected by the API's user-pool authorizer unless it is declared public with
 * `RouteAuthorization.publicAccess()` (default-deny), or IAM-authorized with `RouteAuthorization.iam()`.
 */
export class RouteAuthorization {
  /**
   * Callers must send a valid token of one of the pool's app clients in the `Authorization` header,
   * with one of `scopes` when given. This is the default for every route.
   */
  public static signedIn(options: SignedInOptions = {}): RouteAuthorization {
    return new RouteAuthorization(false, [...(options.scopes ?? [])], [], [...(options.claims ?? [])], false);
  }

  /**
   * Callers must be signed-in users in at least one of these Cognito groups.
   *
   * With the default JWT authorizer, callers send their **access token**: the construct adds a
   * pre-token-generation trigger that puts a scope `group:<name>` per group into access tokens, and
   * the route requires those scopes, so API Gateway checks them natively (no Lambda per request).
   * The groups must be declared in `groups`, and the pool must be created by the construct (feature
   * plan ESSENTIALS or PLUS). With `TokenAuthorizer.lambdaAuthorizer()`, the authorizer reads the token's
   * `cognito:groups` (or `groups`) claim instead, for ID and access tokens alike.
   */
  public static inGroups(groups: string[]): RouteAuthorization {
    return new RouteAuthorization(false, [], [...groups], [], false);
  }

  /**
   * Anyone may call the route, without a token. Use it deliberately: health checks, public content.
   */
  public static publicAccess(): RouteAuthorization {
    return new RouteAuthorization(true, [], [], [], false);
  }

  /**
   * Callers must sign their requests with AWS credentials (Signature Version 4, service
   * `execute-api`) of a principal allowed `execute-api:Invoke` on the route: API Gateway's IAM
   * authorization (`AWS_IAM`), for AWS workloads such as Lambda functions, containers or other
   * accounts' roles, with no token. Grant callers with the route's `grantees` or
   * `CognitoProtectedHttpApi.grantInvoke()`; HTTP APIs have no resource policies, so only
   * identity policies allow callers. Mixes with token-protected routes on the same API.
   */
  public static iam(): RouteAuthorization {
    return new RouteAuthorization(false, [], [], [], true);
  }

  /** Whether the route is open to callers without a token. */
  public readonly isPublic: boolean;

  /** The OAuth scopes a caller's token must carry, any one of them (empty when none is required). */
  public readonly scopes: string[];

  /** The Cognito groups a caller must be in, any one of them (empty when none is required). */
  public readonly groups: string[];

  /** The claims a caller's token must carry (empty when none is required). */
  public readonly claims: RequiredClaim[];

  /** Whether callers sign with AWS credentials (IAM authorization) instead of sending a token. */
  public readonly isIam: boolean;

  private constructor(isPublic: boolean, scopes: string[], groups: string[], claims: RequiredClaim[], isIam: boolean) {
    this.isPublic = isPublic;
    this.isIam = isIam;
    this.scopes = scopes;
    this.groups = groups;
    this.claims = claims;
  }

  /**
   * The scopes a JWT authorizer requires for the route, any one of them.
   *
   * With `TokenAuthorizer.userPool()` or `oidcIssuer()`: the declared scopes, or one `group:<name>`
   * scope per group (the construct's pre-token-generation trigger puts those into access tokens);
   * empty when the route needs no scope. The Lambda authorizer checks scopes, groups and claims itself.
   *
   * @returns the route's `AuthorizationScopes`, as the construct writes them for a JWT authorizer
   */
  public requiredScopes(): string[] {
    return [...this.scopes, ...this.groups.map((group) => `${GROUP_SCOPE_PREFIX}${group}`)];
  }

  /**
   * A short description for route tables and messages: `public`, `iam`, `signed-in`,
   * `signed-in (scopes: a, b)` or `signed-in (groups: admin)`. Required claims are not part of it.
   *
   * @returns the description, as the construct's warnings and errors show it
   */
  public describe(): string {
    if (this.isPublic) {
      return 'public';
    }
    if (this.isIam) {
      return 'iam';
    }
    if (this.groups.length > 0) {
      return `signed-in (groups: ${this.groups.join(', ')})`;
    }
    return this.scopes.length > 0 ? `signed-in (scopes: ${this.scopes.join(', ')})` : 'signed-in';
  }
}

/**
 * The public types of `cdk-cognito-protected-http-api/local`, the testing entry point: the local
 * runner started from a test, its APIs, pools and users. This file imports nothing, so its
 * declaration file ships as it is (lib/local/testing/types.d.ts); it is not part of the jsii API.
 */

/** What {@link startLocal} runs. */
export interface StartLocalOptions {
  /** The cloud assembly `cdk synth` wrote. Default `cdk.out` (relative to the working directory). */
  readonly app?: string;
  /** The stacks to run (artifact ids or stack names, `*` wildcards). Default: every stack of the assembly. */
  readonly stacks?: readonly string[];
  /**
   * The tokens' `iss`. `aws` (default): Cognito's own, `https://cognito-idp.<region>.amazonaws.com/<pool id>`.
   * `local`: `<cognitoEndpoint>/<pool id>`, which serves OIDC discovery, for OIDC libraries.
   */
  readonly issuer?: 'aws' | 'local';
  /** No runner output (progress, the handlers' logs, the access log). Default `true`; `false` prints them on stderr. */
  readonly quiet?: boolean;
  /** Region of environment-agnostic stacks. Default `us-east-1`. */
  readonly region?: string;
}

/** What {@link connectLocal} attaches to: a runner another process started (a jest or vitest global setup). */
export interface ConnectLocalOptions {
  /** The endpoints file of that runner. Default `$CDK_COGNITO_LOCAL_ENDPOINTS` (what `LocalApp.endpointsFile` names). */
  readonly endpoints?: string;
}

/** The running app: its HTTP APIs and user pools on 127.0.0.1. */
export interface LocalApp {
  /** The Cognito endpoint (for an SDK's endpoint override: `endpoint` in the AWS SDK for JavaScript, `endpoint_url` in boto3). */
  readonly cognitoEndpoint: string;
  /** The emulator's endpoint for the other AWS services the app uses (DynamoDB, S3, SQS…). */
  readonly awsEndpoint: string;
  /** The endpoints file (JSON); `CDK_COGNITO_LOCAL_ENDPOINTS` for {@link connectLocal} in test files. */
  readonly endpointsFile: string;
  readonly apis: readonly LocalApi[];
  readonly pools: readonly LocalPool[];
  /**
   * An API by its construct id (`Api`), construct path (`MyStack/Api`), API name or logical id;
   * without a name, the only one. Throws, listing the candidates, when none or several match.
   */
  api(name?: string): LocalApi;
  /** A user pool by construct id, construct path (the L3's path names its pool), pool id or logical id; without a name, the only one. */
  pool(name?: string): LocalPool;
  /** The codes and invitations the local Cognito sent, oldest first; `to`: a username, email address or phone number. */
  messages(to?: string): Promise<LocalMessage[]>;
  /**
   * Deletes the users this object created; when {@link startLocal} made it, also stops every process
   * it started (the runner's servers, its Lambda workers, the Cognito emulator). Idempotent.
   */
  stop(): Promise<void>;
}

export interface LocalApi {
  /** Its URL, ending with `/`: `http://127.0.0.1:<port>/`. */
  readonly url: string;
  readonly name: string;
  readonly logicalId: string;
  /** The stack's artifact id. */
  readonly stack: string;
  /** The construct path of the API's resource, when the template records it (`cdk synth` does). */
  readonly path?: string;
  /** The routes, as `GET /items`. */
  readonly routes: readonly string[];
  /**
   * Calls the API: `path` relative to its URL. `as: user` sends `Authorization: Bearer <the user's
   * access token>` (signed in on first use), or its ID token with `token: 'id'`; `as: '<token>'` sends that token.
   */
  fetch(path: string, init?: LocalFetchInit): Promise<Response>;
}

export interface LocalFetchInit {
  /** Who calls: a user (signed in as needed) or a token. Default: nobody (no `Authorization` header). */
  readonly as?: LocalUser | string;
  /**
   * An `AWS_IAM` route's caller: the IAM role of the stack (its logical id, or the construct id it
   * starts with) whose local credentials sign the request (SigV4, service `execute-api`).
   */
  readonly asRole?: string;
  /** Which of the user's tokens: `access` (default; scopes and groups) or `id` (the blog's flow). */
  readonly token?: 'access' | 'id';
  /** Default `GET`. */
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** A string or bytes as they are; anything else as JSON (with `content-type: application/json`). */
  readonly body?: string | Uint8Array | object;
}

export interface LocalPool {
  readonly userPoolId: string;
  readonly logicalId: string;
  readonly stack: string;
  readonly region: string;
  /** The construct path of the pool's resource, when the template records it. */
  readonly path?: string;
  readonly clients: readonly LocalClient[];
  readonly groups: readonly string[];
  /** The pool domain's local OAuth 2.0 endpoints (`/oauth2/token`, `/oauth2/authorize`…), when the pool has a domain. */
  readonly oauthUrl?: string;
  /**
   * Creates a user (confirmed, with a permanent password, unless `confirmed: false`): missing values
   * are generated, the password to the pool's policy; the required attributes get placeholder values.
   */
  createUser(options?: CreateUserOptions): Promise<LocalUser>;
  /** The access token of machine client `client` (its name, logical id or id) from the client-credentials grant; `scopes` narrows it. */
  machineToken(client: string, scopes?: readonly string[]): Promise<string>;
}

export interface LocalClient {
  readonly clientId: string;
  readonly logicalId: string;
  readonly name?: string;
  /** Machine clients (and other clients with a secret) only. */
  readonly clientSecret?: string;
}

export interface CreateUserOptions {
  /** Default: the email. */
  readonly username?: string;
  /** Default: `user-<random>@example.com`, verified. */
  readonly email?: string;
  /** Default: generated to the pool's password policy. */
  readonly password?: string;
  /** Groups to add the user to (they must exist in the pool). */
  readonly groups?: readonly string[];
  /** More attributes, e.g. `{ name: 'Alice', 'custom:tenant': 'acme' }`. */
  readonly attributes?: Readonly<Record<string, string>>;
  /** `false`: signed up through the user client and left unconfirmed (the code is in `messages()`). Default `true`. */
  readonly confirmed?: boolean;
}

export interface LocalUser {
  readonly username: string;
  readonly email: string;
  readonly password: string;
  readonly pool: LocalPool;
  /** Signs in with the pool's user client (the one without a secret): the tokens, cached until they expire. */
  signIn(): Promise<LocalTokens>;
  /** Deletes the user (done for every user still there at `stop()`). */
  delete(): Promise<void>;
}

export interface LocalTokens {
  readonly idToken: string;
  readonly accessToken: string;
  readonly refreshToken: string;
}

/** A code or invitation the local Cognito sent. */
export interface LocalMessage {
  readonly pool: string;
  readonly username: string;
  /** The email address or phone number. */
  readonly destination: string;
  /** `sign-up`, `resend`, `forgot-password`, `verify-attribute`, `invitation`, `email-otp`, `sms-otp`. */
  readonly kind: string;
  /** The code (for an invitation: the temporary password). */
  readonly code: string;
  readonly text: string;
  readonly deliveryMedium: 'EMAIL' | 'SMS';
  readonly time: string;
}

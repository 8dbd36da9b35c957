import { Duration } from 'aws-cdk-lib';

/**
 * A machine-to-machine caller: a confidential app client (with a secret) that gets access tokens
 * through the OAuth client-credentials grant at the pool domain's token endpoint.
 */
export interface MachineClientOptions {
  /**
   * A name for the client: the app client's name and part of its construct id. Letters, digits and
   * hyphens.
   */
  readonly name: string;

  /**
   * The API scopes the client may request, as full names (`<resourceServerIdentifier>/<name>`).
   * Each must be declared in `apiScopes`.
   */
  readonly scopes: string[];

  /**
   * How long its access tokens are valid (5 minutes to 1 day).
   *
   * @default Duration.hours(1)
   */
  readonly accessTokenValidity?: Duration;

  /**
   * Claims the client's access tokens carry, e.g. `{ tenant: 'acme' }`, for routes that require them
   * (`RouteAuthorization.signedIn({ claims })` with the Lambda authorizer). The construct's
   * pre-token-generation trigger (event version 3, on the client-credentials grant) adds them; it
   * knows the client by its name. Needs the pool created by the construct, on the ESSENTIALS or
   * PLUS feature plan.
   *
   * @default - no claims beyond Cognito's
   */
  readonly claims?: Record<string, string>;

  /**
   * Stores the client's id and secret in a Secrets Manager secret the construct creates (JSON
   * `{"clientId": ..., "clientSecret": ...}`), so that the machine's owner reads them with
   * `aws secretsmanager get-secret-value` (the stack output `MachineClient<Name>SecretArn` names it)
   * instead of the Cognito console, and its code with `grantReadMachineClientSecret()`.
   *
   * Off by default: it adds, besides the secret (billed per secret and month), the Lambda-backed
   * custom resource of aws-cdk-lib's `UserPoolClient.userPoolClientSecret` that reads the secret
   * with `DescribeUserPoolClient` at deployment — a function outside any VPC (Control Tower's
   * CT.LAMBDA.PR.3) — and turning it on for existing clients would change deployed stacks.
   * Secrets Manager cannot rotate a Cognito client secret: the secret has no rotation.
   * Encrypted with `logEncryptionKey` when one is given, else with Secrets Manager's AWS managed key.
   *
   * @default false
   */
  readonly storeSecret?: boolean;
}

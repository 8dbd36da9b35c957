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
}

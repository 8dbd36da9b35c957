import { IssuedTokens } from './issued-tokens';

/**
 * What the front knows that moto does not, kept for the runner's whole life (across --watch
 * reloads): filled by the operations that need it.
 */
export class FrontState {
  /** The tokens the front issued, and the revoked sign-ins. */
  readonly tokens = new IssuedTokens();
}

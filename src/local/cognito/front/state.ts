import { CodeStore } from './codes';
import { MessageBox } from './message-box';

/**
 * What the front knows that moto does not, kept for the runner's whole life (across --watch
 * reloads): filled by the operations that need it.
 */
export class FrontState {
  /** The messages sent (codes, invitations): `GET <cognitoEndpoint>/local/messages`. */
  readonly messages = new MessageBox();
  /** The live confirmation and verification codes. */
  readonly codes: CodeStore;

  /** `now`: the codes' clock (for tests of expiry). */
  constructor(now?: () => number) {
    this.codes = new CodeStore(now);
  }
}

import type { SrpVerifier } from './srp';

/**
 * The sign-in sessions the front keeps open between an operation and its answer (held by
 * state.ts, opened and answered by srp-sign-in.ts and user-auth.ts): plain data, importing nothing
 * of the front but the SRP verifier's type, so that every file may import them.
 */

/** A `PASSWORD_VERIFIER` challenge the front sent and has not yet seen answered. */
export interface PendingSrpChallenge {
  readonly userPoolId: string;
  /** moto's username of the user (`USER_ID_FOR_SRP`). */
  readonly username: string;
  readonly clientId: string;
  readonly A: string;
  readonly b: string;
  readonly B: string;
  readonly verifier: SrpVerifier;
  readonly secretBlock: string;
  /** Whether `verifier` is the user's (false: the front never saw the password, the proof must fail). */
  readonly known: boolean;
  readonly expiresAt: number;
}

/** An open USER_AUTH session: whose, for which client, and the challenge it waits for. */
export interface UserAuthSession {
  readonly userPoolId: string;
  readonly clientId: string;
  readonly username: string;
  readonly available: readonly string[];
  challenge?: string;
  wrongCodes: number;
  readonly expiresAt: number;
}

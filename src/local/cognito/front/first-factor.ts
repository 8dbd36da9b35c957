import { TokenUser } from '../tokens';
import type { FrontCall, Reply } from './call';
import type { UserAuthSession } from './sessions';

/** One first factor: whether the user can use it, and how its challenge starts and is answered. */
export interface FirstFactor {
  available(call: FrontCall, user: TokenUser): Promise<boolean> | boolean;
  /** Starts it: its challenge (with `session` as Session), or the sign-in's answer (PASSWORD). */
  start(call: FrontCall, user: TokenUser, session: string, responses: Record<string, any>): Promise<Reply>;
  /** Answers its challenge (RespondToAuthChallenge with its ChallengeName). */
  answer?(call: FrontCall, session: UserAuthSession): Promise<Reply>;
}

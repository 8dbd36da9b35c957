import { CognitoError } from '../client';
import type { FirstFactor } from './user-auth';

/**
 * Passkeys (`WEB_AUTHN`): not yet run locally; the factor is never available, so `SELECT_CHALLENGE`
 * does not offer it and a `PREFERRED_CHALLENGE` of `WEB_AUTHN` falls back to the others.
 */
export const WEB_AUTHN: FirstFactor = {
  available: () => false,
  start: async () => {
    throw new CognitoError('InvalidParameterException', 'WEB_AUTHN is not emulated by the local runner: passkeys do not run locally yet');
  },
};

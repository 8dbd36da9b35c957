import { CognitoError } from '../client';
import { MotoAnswer } from './call';

/**
 * What the local Cognito does not do says so in Cognito's error shape, never in the emulator's
 * words: `InvalidParameterException` "<what> is not emulated by the local runner: <why>". The
 * start-up notes (sign-in-notes.ts, triggers.ts) name the same gaps for the template's settings.
 */

const notEmulatedError = (what: string, why: string) => new CognitoError('InvalidParameterException', `${what} is not emulated by the local runner: ${why}`);

/** Sign-in flows the front does not run (and moto answers wrongly or with its validation text). */
const FLOWS: Readonly<Record<string, string>> = {
  CUSTOM_AUTH: 'the define, create and verify auth challenge Lambda triggers do not run locally',
};

/** The error for a call the front knows it cannot answer as Cognito does; undefined otherwise. */
export function notEmulated(action: string, body: Record<string, any>): CognitoError | undefined {
  if (action === 'InitiateAuth' || action === 'AdminInitiateAuth') {
    const why = FLOWS[String(body.AuthFlow)];
    if (why) return notEmulatedError(`${action} with AuthFlow ${body.AuthFlow}`, why);
  }
  return undefined;
}

/** moto answers an operation it does not implement with an HTML page and HTTP 500: Cognito's error shape instead. */
export function unimplemented(action: string, answer: MotoAnswer): CognitoError | undefined {
  if (answer.status !== 500 || !/^\s*</.test(answer.text)) return undefined;
  return notEmulatedError(action || 'this operation', 'the emulator (moto) does not implement it');
}

import { createChoiceBasedApiPool, startTestRunner, synthApp, TestRunner } from './helpers';
import type { LocalUserPool } from '../../src/local/app/runner';
import { CognitoClient } from '../../src/local/cognito/client';
import { SignInExampleStack } from '../example/sign-in-example-stack';

/** The sign-in example's region (the stack has no env: the runner's default). */
export const SIGN_IN_REGION = 'us-east-1';

/** The sign-in example (test/example/sign-in-example-stack.ts) on a runner. */
export interface SignInExample {
  readonly local: TestRunner;
  /** A Cognito client on the runner's front. */
  readonly front: CognitoClient;
  /** The example's user pool. */
  readonly pool: LocalUserPool;
}

/** A pool and its app client, for the tables that run on several pools. */
export interface PoolUnderTest {
  readonly userPoolId: string;
  readonly clientId: string;
}

/** Synthesizes the sign-in example and starts a runner on it (stop it with `local.runner.stop()`). */
export async function startSignInExample(): Promise<SignInExample> {
  const local = await startTestRunner(synthApp((app) => new SignInExampleStack(app, 'SignInExampleStack')));
  const [pool] = local.runner.stack('SignInExampleStack').userPools;
  return { local, front: new CognitoClient(local.runner.cognitoEndpoint, SIGN_IN_REGION), pool };
}

/**
 * The pools the choice-based sign-in tables run on: the example's (from its template), and one
 * created through the API with the same sign-in settings (issue #39: one truth for every pool).
 */
export async function choiceBasedPools(example: SignInExample): Promise<Record<string, PoolUnderTest>> {
  const created = await createChoiceBasedApiPool(example.local.runner.cognitoEndpoint, SIGN_IN_REGION);
  return {
    'template': { userPoolId: example.pool.userPoolId, clientId: example.pool.clients[0].clientId },
    'created through the API': { userPoolId: created.userPoolId, clientId: created.clients.app.id },
  };
}

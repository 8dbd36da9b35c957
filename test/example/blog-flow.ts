import { CognitoClient } from '../../src/local/cognito/client';

/**
 * The blog's flow, step by step: sign up → confirm → log in → GET /protected without a token (401)
 * → with the ID token (200, the whoami answer with the user's sub and email) → GET /health (200).
 * Used by `npx projen demo` and by test/local/blog-flow.test.ts.
 */

export interface BlogTarget {
  /** The local API's URL, ending with `/`. */
  readonly apiUrl: string;
  readonly cognitoEndpoint: string;
  readonly region: string;
  readonly userPoolId: string;
  readonly clientId: string;
}

export interface FlowStep {
  readonly title: string;
  readonly ok: boolean;
  /** What happened, for a person. */
  readonly detail: string;
  /** Milliseconds since the flow started. */
  readonly atMs: number;
}

/** The body as JSON, or undefined when it is not JSON. */
export function jsonOrUndefined(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function get(url: string, token?: string) {
  const response = await fetch(url, { headers: token ? { authorization: token } : {} });
  const text = await response.text();
  const json = jsonOrUndefined(text);
  return { status: response.status, text, json, headers: response.headers };
}

/**
 * Runs one step of a flow: records its outcome (a throw is a failed step with the error's message)
 * with the time since the recorder was made, and reports it.
 */
export function stepRecorder(steps: FlowStep[], onStep: (step: FlowStep) => void) {
  const started = Date.now();
  return async (title: string, run: () => Promise<{ ok: boolean; detail: string }>): Promise<void> => {
    let outcome: { ok: boolean; detail: string };
    try {
      outcome = await run();
    } catch (error) {
      outcome = { ok: false, detail: (error as Error).message };
    }
    const result = { title, ...outcome, atMs: Date.now() - started };
    steps.push(result);
    onStep(result);
  };
}

export async function runBlogFlow(target: BlogTarget, onStep: (step: FlowStep) => void = () => {}): Promise<FlowStep[]> {
  const cognito = new CognitoClient(target.cognitoEndpoint, target.region);
  const email = `reader-${Date.now().toString(36)}@example.com`;
  const password = 'Blog-Flow-1';
  const steps: FlowStep[] = [];
  let userSub: string | undefined;
  let idToken: string | undefined;

  const step = stepRecorder(steps, onStep);

  await step(`Sign up ${email}`, async () => {
    const answer = await cognito.call('SignUp', {
      ClientId: target.clientId,
      Username: email,
      Password: password,
      UserAttributes: [{ Name: 'email', Value: email }],
    });
    userSub = answer.UserSub;
    return { ok: typeof userSub === 'string', detail: `user ${userSub}, confirmed: ${answer.UserConfirmed}` };
  });

  await step('Confirm the sign-up (AdminConfirmSignUp: an administrator, instead of the emailed code)', async () => {
    await cognito.call('AdminConfirmSignUp', { UserPoolId: target.userPoolId, Username: email });
    return { ok: true, detail: 'confirmed' };
  });

  await step('Log in (InitiateAuth, USER_PASSWORD_AUTH)', async () => {
    const answer = await cognito.call('InitiateAuth', {
      ClientId: target.clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD: password },
    });
    idToken = answer.AuthenticationResult?.IdToken;
    return { ok: typeof idToken === 'string', detail: idToken ? `ID token (${idToken.length} characters), valid ${answer.AuthenticationResult.ExpiresIn} s` : 'no ID token' };
  });

  await step('GET /protected without a token → 401', async () => {
    const response = await get(`${target.apiUrl}protected`);
    return { ok: response.status === 401 && response.json?.message === 'Unauthorized', detail: `${response.status} ${response.text}` };
  });

  await step('GET /protected with the ID token → 200', async () => {
    if (!idToken) return { ok: false, detail: 'not run: no ID token' };
    const response = await get(`${target.apiUrl}protected`, idToken);
    const body = response.json ?? {};
    const ok = response.status === 200 && body.subject === userSub && body.claims?.email === email;
    return { ok, detail: `${response.status} message "${body.message}", subject ${body.subject}, email ${body.claims?.email}, token_use ${body.tokenUse}` };
  });

  await step('GET /health (public) → 200', async () => {
    const response = await get(`${target.apiUrl}health`);
    return { ok: response.status === 200, detail: `${response.status} message "${response.json?.message}"` };
  });
  return steps;
}

import { createHash, randomBytes } from 'crypto';
import { FlowStep } from './blog-flow';
import { CognitoClient } from '../../src/local/cognito/client';

/**
 * The authorization example's group and machine-client routes, step by step, against the local
 * runner: the `reporting` machine client (client credentials) reads items and may not write them or
 * use a wrong secret; a user signs in through the local sign-in page (code flow with PKCE) and reads
 * items, but may not delete one; a member of `admin` may (the construct's group-scopes trigger runs
 * locally); the `Reporter` function, invoked through the runner's Lambda endpoint, calls the IAM route
 * `GET /internal/report` signed with its role's local credentials, which an unsigned call may not.
 * Used by `npx projen demo` (its second part).
 */

export interface AuthorizationTarget {
  /** The local API's URL, ending with `/`. */
  readonly apiUrl: string;
  /** The pool's local OAuth 2.0 endpoints (no trailing slash). */
  readonly oauthUrl: string;
  readonly cognitoEndpoint: string;
  /** The runner's Lambda endpoint (the Lambda API's Invoke). */
  readonly lambdaEndpoint: string;
  readonly region: string;
  readonly userPoolId: string;
  readonly clientId: string;
  readonly machineClientId: string;
  readonly machineSecret: string;
}

const CALLBACK = 'http://localhost:3000/callback';

async function form(url: string, body: Record<string, string>, basic?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(basic ? { authorization: `Basic ${basic}` } : {}) },
    body: new URLSearchParams(body),
  });
  return { status: response.status, json: await response.json().catch(() => undefined) as any };
}

async function call(url: string, method: string, token: string) {
  const response = await fetch(url, { method, headers: { authorization: `Bearer ${token}` } });
  await response.text();
  return response.status;
}

const scopesOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf-8')).scope;

export async function runAuthorizationFlow(target: AuthorizationTarget, onStep: (step: FlowStep) => void = () => {}): Promise<FlowStep[]> {
  const started = Date.now();
  const steps: FlowStep[] = [];
  const step = (title: string, ok: boolean, detail: string) => {
    const done = { title, ok, detail, atMs: Date.now() - started };
    steps.push(done);
    onStep(done);
  };
  const basic = (secret: string) => Buffer.from(`${target.machineClientId}:${secret}`).toString('base64');

  // The machine client.
  const machine = await form(`${target.oauthUrl}/oauth2/token`, { grant_type: 'client_credentials', scope: 'api/items.read' }, basic(target.machineSecret));
  step('reporting machine client: POST /oauth2/token (client credentials, api/items.read) → 200', machine.status === 200,
    machine.status === 200 ? `access token with scope "${scopesOf(machine.json.access_token)}"` : JSON.stringify(machine.json));
  const machineToken = machine.json?.access_token ?? '';
  const read = await call(`${target.apiUrl}items`, 'GET', machineToken);
  step('reporting: GET /items (needs api/items.read) → 200', read === 200, `answered ${read}`);
  const write = await call(`${target.apiUrl}items`, 'POST', machineToken);
  step('reporting: POST /items (needs api/items.write, which it lacks) → 403', write === 403, `answered ${write}`);
  const wrong = await form(`${target.oauthUrl}/oauth2/token`, { grant_type: 'client_credentials' }, basic('not-the-secret'));
  step('reporting with a wrong secret → 400 invalid_client', wrong.status === 400 && wrong.json?.error === 'invalid_client', JSON.stringify(wrong.json));

  // Users through the code flow with PKCE: one plain, one in the admin group.
  const cognito = new CognitoClient(target.cognitoEndpoint, target.region);
  for (const admin of [false, true]) {
    const who = admin ? 'admin member' : 'user';
    const email = `${admin ? 'admin' : 'user'}-${randomBytes(4).toString('hex')}@example.com`;
    const password = 'Demo-Passw0rd';
    await cognito.call('AdminCreateUser', { UserPoolId: target.userPoolId, Username: email, MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: email }] });
    await cognito.call('AdminSetUserPassword', { UserPoolId: target.userPoolId, Username: email, Password: password, Permanent: true });
    if (admin) await cognito.call('AdminAddUserToGroup', { UserPoolId: target.userPoolId, Username: email, GroupName: 'admin' });

    const verifier = randomBytes(32).toString('base64url');
    const params = {
      response_type: 'code',
      client_id: target.clientId,
      redirect_uri: CALLBACK,
      scope: 'openid email api/items.read',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    };
    const signIn = await fetch(`${target.oauthUrl}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...params, username: email, password }),
    });
    const code = new URL(signIn.headers.get('location') ?? 'http://invalid/').searchParams.get('code') ?? '';
    step(`${who} ${email}: the local sign-in page → 302 to the callback with a code`, signIn.status === 302 && code !== '', `answered ${signIn.status}`);
    const tokens = await form(`${target.oauthUrl}/oauth2/token`, {
      grant_type: 'authorization_code', client_id: target.clientId, code, code_verifier: verifier, redirect_uri: CALLBACK,
    });
    const accessToken = tokens.json?.access_token ?? '';
    step(`${who}: POST /oauth2/token (code + PKCE verifier) → 200`, tokens.status === 200,
      tokens.status === 200 ? `access token with scope "${scopesOf(accessToken)}"` : JSON.stringify(tokens.json));
    const items = await call(`${target.apiUrl}items`, 'GET', accessToken);
    step(`${who}: GET /items → 200`, items === 200, `answered ${items}`);
    const expected = admin ? 200 : 403;
    const remove = await call(`${target.apiUrl}items/42`, 'DELETE', accessToken);
    step(`${who}: DELETE /items/42 (group admin only) → ${expected}`, remove === expected, `answered ${remove}`);
    const again = await form(`${target.oauthUrl}/oauth2/token`, {
      grant_type: 'authorization_code', client_id: target.clientId, code, code_verifier: verifier, redirect_uri: CALLBACK,
    });
    if (!admin) step('user: the same code again → 400 invalid_grant', again.status === 400 && again.json?.error === 'invalid_grant', JSON.stringify(again.json));
  }

  // A function of the app on the IAM route: as `aws lambda invoke --function-name Reporter` would.
  const invoked = await fetch(`${target.lambdaEndpoint}/2015-03-31/functions/Reporter/invocations`, { method: 'POST' });
  const reporter = await invoked.json().catch(() => undefined) as any;
  step('the Reporter function calls GET /internal/report with its role (SigV4) → 200', invoked.status === 200 && reporter?.status === 200,
    reporter?.status === 200 ? `the route's handler saw ${reporter.report.iam?.userArn}` : `answered ${invoked.status} ${JSON.stringify(reporter)}`);
  const unsigned = await fetch(`${target.apiUrl}internal/report`);
  const refusal = await unsigned.json().catch(() => undefined) as any;
  step('unsigned: GET /internal/report → 403', unsigned.status === 403, `answered ${unsigned.status} ${JSON.stringify(refusal)}`);
  return steps;
}

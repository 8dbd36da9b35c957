import { BlogTarget, FlowStep, jsonOrUndefined, stepRecorder } from './blog-flow';
import { CognitoClient } from '../../src/local/cognito/client';

/**
 * The notes example's CRUD flow through sign-in: sign up → confirm → log in → POST /notes (Node.js,
 * SDK v3: DynamoDB + S3) → GET /notes (Python, boto3) → GET /notes/{id} (Node.js) → PUT (Python) →
 * GET → DELETE (Python) → GET (404). Used by `npx projen demo` and test/local/notes-example.test.ts.
 */

async function send(url: string, token: string, method = 'GET', body?: unknown) {
  const response = await fetch(url, {
    method,
    headers: { authorization: token, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json = jsonOrUndefined(text);
  return { status: response.status, text, json };
}

/** Signs up, confirms and logs in a new user: its ID token. */
export async function notesUser(target: BlogTarget): Promise<string> {
  const cognito = new CognitoClient(target.cognitoEndpoint, target.region);
  const email = `writer-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.com`;
  const password = 'Notes-Flow-1';
  await cognito.call('SignUp', { ClientId: target.clientId, Username: email, Password: password, UserAttributes: [{ Name: 'email', Value: email }] });
  await cognito.call('AdminConfirmSignUp', { UserPoolId: target.userPoolId, Username: email });
  const answer = await cognito.call('InitiateAuth', { ClientId: target.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: email, PASSWORD: password } });
  return answer.AuthenticationResult.IdToken;
}

export async function runNotesFlow(target: BlogTarget, onStep: (step: FlowStep) => void = () => {}): Promise<FlowStep[]> {
  const steps: FlowStep[] = [];
  let token = '';
  let id = '';
  const step = stepRecorder(steps, onStep);
  const notes = `${target.apiUrl}notes`;

  await step('Sign up, confirm and log in a writer', async () => {
    token = await notesUser(target);
    return { ok: token.length > 0, detail: `ID token (${token.length} characters)` };
  });
  await step('POST /notes (Node.js, SDK v3: DynamoDB PutItem + S3 PutObject) → 201', async () => {
    const response = await send(notes, token, 'POST', { title: 'Groceries', text: 'milk, eggs' });
    id = response.json?.id ?? '';
    return { ok: response.status === 201 && id.length > 0, detail: `${response.status} ${response.text}` };
  });
  await step('GET /notes (Python, boto3: DynamoDB Query) → 200 with the note', async () => {
    const response = await send(notes, token);
    return { ok: response.status === 200 && JSON.stringify(response.json?.notes) === JSON.stringify([{ id, title: 'Groceries' }]), detail: `${response.status} ${response.text}` };
  });
  await step('GET /notes/{id} (Node.js: GetItem + GetObject) → 200 with the text', async () => {
    const response = await send(`${notes}/${id}`, token);
    return { ok: response.status === 200 && response.json?.text === 'milk, eggs', detail: `${response.status} ${response.text}` };
  });
  await step('PUT /notes/{id} (Python: UpdateItem + S3 PutObject) → 200', async () => {
    const response = await send(`${notes}/${id}`, token, 'PUT', { title: 'Shopping', text: 'milk, eggs, bread' });
    return { ok: response.status === 200 && response.json?.title === 'Shopping', detail: `${response.status} ${response.text}` };
  });
  await step('GET /notes/{id} → 200 with the new title and text', async () => {
    const response = await send(`${notes}/${id}`, token);
    return { ok: response.status === 200 && response.json?.title === 'Shopping' && response.json?.text === 'milk, eggs, bread', detail: `${response.status} ${response.text}` };
  });
  await step('DELETE /notes/{id} (Python: DeleteItem + DeleteObject) → 204', async () => {
    const response = await send(`${notes}/${id}`, token, 'DELETE');
    return { ok: response.status === 204, detail: `${response.status}` };
  });
  await step('GET /notes/{id} → 404', async () => {
    const response = await send(`${notes}/${id}`, token);
    return { ok: response.status === 404, detail: `${response.status} ${response.text}` };
  });
  return steps;
}

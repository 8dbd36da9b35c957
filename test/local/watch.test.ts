import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RUNNER_TIMEOUT_MS, synthApp } from './helpers';
import { ReloadEvent, startWatching, WatchingRunner } from '../../src/local/app/watch';
import { NotesExampleStack } from '../example/notes-example-stack';
import { notesUser } from '../example/notes-flow';

/**
 * `--watch` on the notes example: an edit of the Node.js handler is synthesized and served on the same
 * URL, while the emulator keeps the user (and its token's keys), the table's items and the bucket's objects.
 */

jest.setTimeout(RUNNER_TIMEOUT_MS);

const appDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-local-watch-app-'));
const codeDir = path.join(appDir, 'handler');
const appFile = path.resolve(__dirname, '../example/notes-app.ts');
const tsconfig = path.resolve(__dirname, '../../tsconfig.json');
const synthCommand = `NOTES_NODE_CODE_DIR=${JSON.stringify(codeDir)} TS_NODE_PROJECT=${JSON.stringify(tsconfig)} ${JSON.stringify(process.execPath)} -r ${JSON.stringify(require.resolve('ts-node/register/transpile-only'))} ${JSON.stringify(appFile)}`;

let watching: WatchingRunner;
const reloads: ReloadEvent[] = [];

beforeAll(async () => {
  fs.cpSync(path.resolve(__dirname, '../example/notes/node'), codeDir, { recursive: true });
  const assemblyDir = synthApp((app) => new NotesExampleStack(app, 'NotesExampleStack', { nodeCodeDir: codeDir }));
  watching = await startWatching({ appDir, assemblyDir, synthCommand, endpointsFile: path.join(appDir, 'endpoints.json'), onReload: (event) => reloads.push(event) });
});
afterAll(async () => {
  await watching?.stop();
  fs.rmSync(appDir, { recursive: true, force: true });
});

function target() {
  const stack = watching.runner.stack('NotesExampleStack');
  const pool = stack.userPools[0];
  return {
    apiUrl: stack.apis[0].url,
    cognitoEndpoint: watching.runner.cognitoEndpoint,
    region: stack.region,
    userPoolId: pool.userPoolId,
    clientId: pool.clients[0].clientId,
  };
}

async function getNote(url: string, token: string): Promise<any> {
  try {
    const response = await fetch(url, { headers: { authorization: token } });
    return { status: response.status, ...await response.json() as object };
  } catch {
    return { status: 0 }; // between two versions
  }
}

test('edit → new answer on the same URL; the user, its token, the note and the messages sent before are still there', async () => {
  const token = await notesUser(target());
  const messagesBefore = await (await fetch(watching.runner.messagesUrl)).json() as { messages: unknown[] };
  expect(messagesBefore.messages).toHaveLength(1); // the sign-up code
  const apiUrl = target().apiUrl;
  const created = await fetch(`${apiUrl}notes`, { method: 'POST', headers: { authorization: token }, body: JSON.stringify({ title: 'before', text: 'kept' }) });
  expect(created.status).toBe(201);
  const { id } = await created.json() as { id: string };
  expect(await getNote(`${apiUrl}notes/${id}`, token)).toEqual({ status: 200, id, title: 'before', text: 'kept' });

  const edited = Date.now();
  const file = path.join(codeDir, 'index.js');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf-8').replace('text: await object.Body.transformToString() }', 'text: await object.Body.transformToString(), edited: true }'));
  let answer: any;
  while (Date.now() - edited < 60_000) {
    answer = await getNote(`${apiUrl}notes/${id}`, token);
    if (answer.edited) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const ms = Date.now() - edited;
  expect(answer).toEqual({ status: 200, id, title: 'before', text: 'kept', edited: true });
  expect(target().apiUrl).toBe(apiUrl);
  expect(await (await fetch(watching.runner.messagesUrl)).json()).toEqual(messagesBefore);
  // The endpoints file each start rewrites (here inside the watched directory) triggers no reload of its own.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  expect(reloads.filter((reload) => reload.ok)).toHaveLength(1);
  expect(reloads[0].line).toMatch(/^--- reloaded \(handler[/\\]index\.js changed\): synth \d+\.\d s/);
  process.stdout.write(`watch: edit → new answer in ${ms} ms (synth ${reloads[0].synthMs} ms)\n`);
});

test('a synth that fails keeps the last good version serving and reports the error', async () => {
  const token = await notesUser(target());
  fs.renameSync(codeDir, `${codeDir}.moved`);
  let failed: ReloadEvent;
  try {
    failed = await watching.reload('test');
  } finally {
    fs.renameSync(`${codeDir}.moved`, codeDir);
  }
  expect(failed.ok).toBe(false);
  expect(failed.error).toMatch(/Cannot find asset/);
  expect(failed.line).toMatch(/^--- reload failed \(test changed\): the last good version keeps serving ---\n/);
  const response = await fetch(`${target().apiUrl}notes`, { method: 'POST', headers: { authorization: token }, body: JSON.stringify({ title: 't', text: 'x' }) });
  expect(response.status).toBe(201);
});

test('requests in a tight loop across three reloads: no refused connection, no 5xx from the runner (the new version takes the ports over, then the old one stops)', async () => {
  const token = await notesUser(target());
  const apiUrl = target().apiUrl;
  const created = await fetch(`${apiUrl}notes`, { method: 'POST', headers: { authorization: token }, body: JSON.stringify({ title: 'loop', text: 'x' }) });
  const { id } = await created.json() as { id: string };
  const statuses = new Map<string, number>();
  let polling = true;
  const poller = (async () => {
    // Bounded: at most 60 s or 20,000 requests, whichever comes first.
    for (let i = 0, started = Date.now(); polling && i < 20_000 && Date.now() - started < 60_000; i++) {
      let outcome: string;
      try {
        outcome = String((await fetch(`${apiUrl}notes/${id}`, { headers: { authorization: token } })).status);
      } catch (error) {
        outcome = `connection error: ${(error as Error).cause ?? (error as Error).message}`;
      }
      statuses.set(outcome, (statuses.get(outcome) ?? 0) + 1);
    }
  })();
  const events: ReloadEvent[] = [];
  for (let i = 0; i < 3; i++) events.push(await watching.reload('test'));
  polling = false;
  await poller;
  expect(events.map((event) => event.ok)).toEqual([true, true, true]);
  expect([...statuses.keys()]).toEqual(['200']);
  process.stdout.write(`watch: ${statuses.get('200')} requests across 3 reloads, all 200\n`);
});

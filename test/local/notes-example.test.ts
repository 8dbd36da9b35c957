import { spawnSync } from 'child_process';
import { RUNNER_TIMEOUT_MS, startTestRunner, synthApp, TestRunner } from './helpers';
import { AwsClient } from '../../src/local/aws-resources/aws-client';
import { NotesExampleStack } from '../example/notes-example-stack';
import { notesUser, runNotesFlow } from '../example/notes-flow';

/**
 * The notes example under the runner: its table and bucket created in moto, a Node.js handler on the
 * AWS SDK v3 and a Python handler on boto3 (neither bundles its SDK, neither configures an endpoint,
 * credentials or path-style addressing) reading and writing them.
 */

jest.setTimeout(RUNNER_TIMEOUT_MS);

let local: TestRunner;
beforeAll(async () => {
  local = await startTestRunner(synthApp((app) => new NotesExampleStack(app, 'NotesExampleStack')));
});
afterAll(() => local?.runner.stop());

const target = () => {
  const stack = local.runner.stack('NotesExampleStack');
  const pool = stack.userPools[0];
  return {
    apiUrl: stack.apis[0].url,
    cognitoEndpoint: local.runner.cognitoEndpoint,
    region: stack.region,
    userPoolId: pool.userPoolId,
    clientId: pool.clients[0].clientId,
  };
};

test('the CRUD flow through sign-in: POST, list, read, update, read, delete, 404', async () => {
  const steps = await runNotesFlow(target());
  expect(steps.map((step) => [step.title, step.ok ? 'ok' : step.detail])).toEqual(steps.map((step) => [step.title, 'ok']));
  expect(steps).toHaveLength(8);
});

test('another user sees none of the first user\'s notes (the handlers key by the token\'s sub)', async () => {
  const first = await notesUser(target());
  const created = await fetch(`${target().apiUrl}notes`, { method: 'POST', headers: { authorization: first }, body: JSON.stringify({ title: 'mine', text: 'secret' }) });
  expect(created.status).toBe(201);
  const { id } = await created.json() as { id: string };
  const second = await notesUser(target());
  expect((await fetch(`${target().apiUrl}notes/${id}`, { headers: { authorization: second } })).status).toBe(404);
  expect(await (await fetch(`${target().apiUrl}notes`, { headers: { authorization: second } })).json()).toEqual({ notes: [] });
});

test('the table is created as the template asks: keys, the GSI, TTL and the stream', async () => {
  const stack = local.runner.stack('NotesExampleStack');
  const client = new AwsClient(local.runner.awsEndpoint, stack.region);
  const { TableNames } = await client.json('dynamodb', 'DynamoDB_20120810', 'ListTables', {}, '1.0');
  const tableName = TableNames.find((name: string) => name.includes('Notes'));
  const { Table } = await client.json('dynamodb', 'DynamoDB_20120810', 'DescribeTable', { TableName: tableName }, '1.0');
  expect(Table.KeySchema).toEqual([{ AttributeName: 'owner', KeyType: 'HASH' }, { AttributeName: 'id', KeyType: 'RANGE' }]);
  expect(Table.GlobalSecondaryIndexes.map((gsi: any) => [gsi.IndexName, gsi.KeySchema.map((key: any) => key.AttributeName)])).toEqual([['byTitle', ['owner', 'title']]]);
  expect(Table.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
  const { TimeToLiveDescription } = await client.json('dynamodb', 'DynamoDB_20120810', 'DescribeTimeToLive', { TableName: tableName }, '1.0');
  expect(TimeToLiveDescription).toEqual({ AttributeName: 'expiresAt', TimeToLiveStatus: 'ENABLED' });
});

test('the start-up notes say which Node.js and Python run the functions and that IAM is not enforced', () => {
  const warnings = local.runner.stack('NotesExampleStack').warnings;
  if (process.versions.node.split('.')[0] !== '22') {
    expect(warnings).toContainEqual(expect.stringMatching(new RegExp(`^nodejs22\\.x functions \\(NotesNode[0-9A-F]+\\) run on this machine's Node\\.js ${process.versions.node}$`)));
  }
  expect(warnings).toContainEqual(expect.stringMatching(/^IAM is not enforced locally/));
  const python = spawnSync('python3', ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])'], { encoding: 'utf-8' }).stdout.trim();
  if (!python.startsWith('3.12.')) {
    expect(warnings).toContainEqual(`python3.12 functions (${warnings.join(' ').match(/NotesPython[0-9A-F]+/)![0]}) run on python3 (Python ${python})`);
  }
});

import { spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import { RUNNER_TIMEOUT_MS, synthApp } from './helpers';
import { CallerPool, poolCallers } from '../../src/local/app/check-access/callers';
import { checkAccess, checkAccessCommand, CheckAccessReport } from '../../src/local/app/check-access/check-access';
import { checkDeployedAccess } from '../../src/local/app/check-access/deployed-check';
import { deployedApiUrl, DeployedStack } from '../../src/local/app/check-access/deployed-stack';
import { LocalRunner, startLocal } from '../../src/local/app/runner';
import { readAssembly, Template } from '../../src/local/assembly';
import { CognitoClient } from '../../src/local/cognito/client';
import { UrlMapping } from '../../src/local/url-map';
import { AuthorizationExampleStack } from '../example/authorization-example-stack';

/**
 * `check-access --stack <name> --region <region>` (issue #38 item 3) on a deployed stack, with the
 * local runner posing as AWS: the runner runs the synthesized authorization example (its Cognito
 * endpoint is AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER), and a fake CloudFormation endpoint on
 * 127.0.0.1 (AWS_ENDPOINT_URL_CLOUDFORMATION) describes the stack as CloudFormation would: the
 * synthesized template (GetTemplate), the ids the runner gave its resources (ListStackResources) and
 * the runner's resolved outputs (DescribeStacks: ApiUrl is the local API's URL).
 */

const REGION = 'us-east-1';
const STACK = 'AuthorizationExampleStack';

interface FakeStack {
  readonly templateBody: string;
  readonly physicalIds: Readonly<Record<string, string>>;
  readonly outputs: Readonly<Record<string, string>>;
}

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const members = (items: string[]) => items.map((item) => `<member>${item}</member>`).join('');

/** CloudFormation's query protocol (form-encoded Action=…, XML answers) for DescribeStacks, GetTemplate and ListStackResources. */
async function startFakeCloudFormation(stacks: Record<string, FakeStack>): Promise<{ url: string; actions: string[]; stop(): Promise<void> }> {
  const actions: string[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => body += chunk);
    request.on('end', () => {
      const form = new URLSearchParams(body);
      const action = form.get('Action') ?? '';
      actions.push(action);
      const name = form.get('StackName') ?? '';
      const stack = stacks[name];
      const answer = (status: number, text: string) => response.writeHead(status, { 'content-type': 'text/xml' }).end(text);
      if (!stack) {
        answer(400, '<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><Error><Type>Sender</Type>'
          + `<Code>ValidationError</Code><Message>Stack with id ${xml(name)} does not exist</Message></Error><RequestId>fake</RequestId></ErrorResponse>`);
        return;
      }
      const result = (content: string) => answer(200, `<${action}Response xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">`
        + `<${action}Result>${content}</${action}Result><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></${action}Response>`);
      if (action === 'DescribeStacks') {
        const outputs = Object.entries(stack.outputs).map(([key, value]) => `<OutputKey>${xml(key)}</OutputKey><OutputValue>${xml(value)}</OutputValue>`);
        result(`<Stacks>${members([`<StackName>${xml(name)}</StackName><StackId>arn:aws:cloudformation:${REGION}:123456789012:stack/${xml(name)}/fake</StackId>`
          + `<StackStatus>CREATE_COMPLETE</StackStatus><CreationTime>2026-01-01T00:00:00Z</CreationTime><Outputs>${members(outputs)}</Outputs>`])}</Stacks>`);
      } else if (action === 'GetTemplate') {
        result(`<TemplateBody>${xml(stack.templateBody)}</TemplateBody><StagesAvailable>${members(['Original', 'Processed'])}</StagesAvailable>`);
      } else if (action === 'ListStackResources') {
        // Pages of 10, as CloudFormation pages (by 100): the reader must follow NextToken.
        const all = Object.entries(stack.physicalIds);
        const start = Number(form.get('NextToken') ?? 0);
        const page = all.slice(start, start + 10).map(([logicalId, physicalId]) => `<LogicalResourceId>${xml(logicalId)}</LogicalResourceId>`
          + `<PhysicalResourceId>${xml(physicalId)}</PhysicalResourceId><ResourceType>AWS::Fake::Resource</ResourceType>`
          + '<LastUpdatedTimestamp>2026-01-01T00:00:00Z</LastUpdatedTimestamp><ResourceStatus>CREATE_COMPLETE</ResourceStatus>');
        const next = start + 10 < all.length ? `<NextToken>${start + 10}</NextToken>` : '';
        result(`<StackResourceSummaries>${members(page)}</StackResourceSummaries>${next}`);
      } else {
        answer(400, `<ErrorResponse><Error><Code>InvalidAction</Code><Message>${xml(action)} is not faked</Message></Error></ErrorResponse>`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    actions,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The users check-access created that are still in the pool. */
async function leftoverUsers(runner: LocalRunner): Promise<string[]> {
  const stack = runner.stack(STACK);
  const cognito = new CognitoClient(runner.cognitoEndpoint, stack.region);
  const names: string[] = [];
  for (const pool of stack.userPools) {
    const { Users } = await cognito.call('ListUsers', { UserPoolId: pool.userPoolId });
    for (const user of Users ?? []) {
      const email = user.Attributes?.find((attribute: { Name: string }) => attribute.Name === 'email')?.Value ?? '';
      if (`${user.Username} ${email}`.includes('check-access-')) names.push(email || user.Username);
    }
  }
  return names;
}

const ENV_NAMES = ['AWS_ENDPOINT_URL_CLOUDFORMATION', 'AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_ENDPOINT_URL'];
const savedEnv = Object.fromEntries(ENV_NAMES.map((name) => [name, process.env[name]]));

let dir: string;
let runner: LocalRunner;
let cloudFormation: Awaited<ReturnType<typeof startFakeCloudFormation>>;
let urlMappings: UrlMapping[];

beforeAll(async () => {
  dir = synthApp((app) => new AuthorizationExampleStack(app, STACK));
  runner = await startLocal({ assemblyDir: dir, port: 0, endpointsFile: false });
  const stack = runner.stack(STACK);
  const [assemblyStack] = readAssembly(dir);
  cloudFormation = await startFakeCloudFormation({
    [assemblyStack.stackName]: { templateBody: JSON.stringify(assemblyStack.template), physicalIds: stack.physicalIds, outputs: stack.outputs },
    YamlStack: { templateBody: 'Resources: {}\n', physicalIds: {}, outputs: {} },
  });
  for (const name of ENV_NAMES) delete process.env[name];
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_CLOUDFORMATION: cloudFormation.url,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: runner.cognitoEndpoint,
    AWS_ACCESS_KEY_ID: 'AKIDCHECKACCESSTEST',
    AWS_SECRET_ACCESS_KEY: 'check-access-test-secret',
  });
  // The pool's domain (https://<prefix>.auth.<region>.amazoncognito.com) is the runner's local one.
  urlMappings = stack.userPools.flatMap((pool) => pool.oauth ? [{ from: pool.oauth.hostedUrl, to: pool.oauth.url }] : []);
}, RUNNER_TIMEOUT_MS);

afterAll(async () => {
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await cloudFormation?.stop();
  await runner?.stop();
});

describe('the authorization example, deployed', () => {
  let deployed: CheckAccessReport;
  let local: CheckAccessReport;

  beforeAll(async () => {
    // What an earlier, interrupted run left behind: deleted before the users are created.
    const pool = runner.stack(STACK).userPools[0];
    await new CognitoClient(runner.cognitoEndpoint, REGION).call('AdminCreateUser', {
      UserPoolId: pool.userPoolId,
      Username: 'check-access-admin@example.com',
      MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: 'check-access-admin@example.com' }],
    });
    expect(await leftoverUsers(runner)).toEqual(['check-access-admin@example.com']);
    deployed = await checkDeployedAccess({
      stacks: [STACK], region: REGION, urlMappings, jsonFile: path.join(dir, 'deployed.json'), junitFile: path.join(dir, 'deployed.xml'),
    });
    process.stdout.write(`check-access --stack ${STACK} --region ${REGION} (the runner posing as AWS):\n${deployed.table}\n`
      + `${deployed.skipped.map((line) => `skipped: ${line}`).join('\n')}\n`);
    local = await checkAccess({ assemblyDir: dir });
  }, RUNNER_TIMEOUT_MS);

  test('every route answers every caller as declared', () => {
    expect(deployed.mismatches).toEqual([]);
    expect(deployed.ok).toBe(true);
  });

  test('the rows are local mode\'s, without the expired caller and the signed callers of the IAM route, which are skipped and said so', () => {
    const row = (report: CheckAccessReport) => report.results
      .filter((result) => !['expired', 'iam granted', 'iam not granted'].includes(result.caller))
      .map((result) => `${result.stack} ${result.api} ${result.route.routeKey} ${result.caller} ${result.expected}/${result.actual}`);
    expect(row(deployed)).toEqual(row(local));
    expect(deployed.results.filter((result) => result.caller === 'expired')).toEqual([]);
    expect(deployed.skipped).toEqual([
      expect.stringMatching(/^\w*UserPool\w*: no expired token on a deployed stack/),
      expect.stringMatching(/ GET \/internal\/report: an IAM route, called unsigned only on a deployed stack/),
    ]);
    expect(deployed.table.split('\n')[0]).toMatch(/no token +malformed +user id +user access +admin +m2m reporting +unsigned$/);
  });

  test('reads the stack through DescribeStacks, GetTemplate and ListStackResources (every page)', () => {
    expect(new Set(cloudFormation.actions)).toEqual(new Set(['DescribeStacks', 'GetTemplate', 'ListStackResources']));
    expect(cloudFormation.actions.filter((action) => action === 'ListStackResources').length).toBeGreaterThan(1);
  });

  test('deletes the users it created, and the leftover of an earlier run', async () => {
    expect(await leftoverUsers(runner)).toEqual([]);
  });

  test('writes the JSON and JUnit reports', () => {
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'deployed.json'), 'utf-8'));
    expect(json.ok).toBe(true);
    expect(json.results).toHaveLength(deployed.results.length);
    expect(fs.readFileSync(path.join(dir, 'deployed.xml'), 'utf-8')).toContain(`<testsuite name="${STACK} Api"`);
  });
});

describe('interrupted', () => {
  /** An HTTP server that never answers: the API calls of the child stop there, after its users exist. */
  async function startStall(): Promise<{ url: string; called: Promise<void>; stop(): Promise<void> }> {
    let onCall: () => void = () => {};
    const called = new Promise<void>((resolve) => onCall = resolve);
    const server = http.createServer(() => onCall());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
      called,
      stop: () => new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    };
  }

  test.each([['SIGINT', 130], ['SIGTERM', 143]] as const)('by %s: deletes the users it created, then exits %d', async (signal, code) => {
    const stall = await startStall();
    try {
      const api = runner.stack(STACK).apis[0];
      const mappings = [...urlMappings, { from: api.url, to: stall.url }];
      const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'check-access-deployed-child.ts'),
        STACK, REGION, JSON.stringify(mappings)], { stdio: ['ignore', 'inherit', 'pipe'], env: { ...process.env } }); // (jest's process.env is the test's own)
      let stderr = '';
      child.stderr.on('data', (chunk) => stderr += chunk);
      const exited = new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
      await Promise.race([stall.called, exited.then((exitCode) => {
        throw new Error(`the child exited ${exitCode} before calling the API: ${stderr}`);
      })]);
      expect((await leftoverUsers(runner)).sort()).toEqual(['check-access-admin@example.com', 'check-access-user@example.com']);
      child.kill(signal);
      expect(await exited).toBe(code);
      expect(stderr).toContain(`check-access: ${signal}: deleting the users it created…`);
      expect(await leftoverUsers(runner)).toEqual([]);
    } finally {
      await stall.stop();
    }
  }, RUNNER_TIMEOUT_MS);
});

describe('errors', () => {
  test('--region without --stack', async () => {
    await expect(checkAccessCommand(['--region', REGION], () => undefined)).rejects.toThrow(
      'check-access --region checks a deployed stack: name it with --stack <deployed stack name> (repeatable), '
      + 'or leave out --region to run the app in --app locally.');
  });

  test('a stack that is not there', async () => {
    await expect(checkDeployedAccess({ stacks: ['NoSuchStack'], region: REGION })).rejects.toThrow(
      `--stack NoSuchStack: there is no CloudFormation stack named NoSuchStack in ${REGION} `
      + '(CloudFormation: "Stack with id NoSuchStack does not exist"). --stack takes the deployed stack\'s name '
      + '(as "cdk list --long" or the CloudFormation console shows it), --region the region it is deployed in.');
  });

  test('a YAML template', async () => {
    await expect(checkDeployedAccess({ stacks: ['YamlStack'], region: REGION })).rejects.toThrow(
      '--stack YamlStack: its template (GetTemplate, stage Original) is not JSON; check-access reads the JSON templates the CDK deploys, not YAML.');
  });

  test('a user client that allows neither password flow', async () => {
    const pool: CallerPool = {
      logicalId: 'Pool',
      userClientId: 'client1',
      machineClients: [],
      password: 'Aa1-password',
      expiredToken: () => ({ skipped: 'none here' }),
      createUser: async () => undefined,
      deleteUser: async () => undefined,
      signIn: async (flow) => `InvalidParameterException: ${flow} flow not enabled for this client`,
    };
    await expect(poolCallers(pool, [])).rejects.toThrow('signing in check-access-user@example.com with app client client1 of Pool failed '
      + '(USER_PASSWORD_AUTH: InvalidParameterException: USER_PASSWORD_AUTH flow not enabled for this client; '
      + 'ADMIN_USER_PASSWORD_AUTH: InvalidParameterException: ADMIN_USER_PASSWORD_AUTH flow not enabled for this client): '
      + 'allow ALLOW_USER_PASSWORD_AUTH or ALLOW_ADMIN_USER_PASSWORD_AUTH in the client\'s ExplicitAuthFlows');
  });

  test('an API CloudFormation lists no physical id for', () => {
    const stack: DeployedStack = { stackName: 'Half', region: REGION, template: { Resources: { Api: { Type: 'AWS::ApiGatewayV2::Api' } } }, physicalIds: new Map(), outputs: {} };
    expect(() => deployedApiUrl(stack, 'Api')).toThrow('--stack Half: CloudFormation lists no physical id for the API Api (is the stack\'s deployment complete?)');
  });
});

describe('the API\'s URL', () => {
  const template: Template = {
    Resources: {
      Api: { Type: 'AWS::ApiGatewayV2::Api' },
      Stage: { Type: 'AWS::ApiGatewayV2::Stage', Properties: { ApiId: { Ref: 'Api' }, StageName: '$default' } },
    },
    Outputs: { ApiUrl: { Value: { 'Fn::Join': ['', ['https://', { Ref: 'Api' }, '.execute-api.', { Ref: 'AWS::Region' }, '.amazonaws.com/']] } } },
  };
  const stack = (outputs: Record<string, string>, stageName = '$default'): DeployedStack => ({
    stackName: 'S',
    region: 'eu-west-1',
    template: { ...template, Resources: { ...template.Resources, Stage: { Type: 'AWS::ApiGatewayV2::Stage', Properties: { ApiId: { Ref: 'Api' }, StageName: stageName } } } },
    physicalIds: new Map([['Api', 'a1b2c3']]),
    outputs,
  });

  test.each([
    ['the output naming the API', stack({ ApiUrl: 'https://api.example.com' }), 'https://api.example.com/'],
    ['its execute-api URL without such an output', stack({}), 'https://a1b2c3.execute-api.eu-west-1.amazonaws.com/'],
    ['its stage\'s path for a named stage', stack({}, 'prod'), 'https://a1b2c3.execute-api.eu-west-1.amazonaws.com/prod/'],
  ])('%s', (_, deployed, url) => {
    expect(deployedApiUrl(deployed, 'Api')).toBe(url);
  });
});

describe('the README\'s IAM policy', () => {
  const root = path.join(__dirname, '..', '..');
  /** Cognito operations that IAM does not authorize (called with a client id, no credentials). */
  const UNAUTHENTICATED = ['cognito-idp:InitiateAuth'];
  const SERVICES: Record<string, string> = { '@aws-sdk/client-cloudformation': 'cloudformation', '@aws-sdk/client-cognito-identity-provider': 'cognito-idp' };

  /** `<service>:<operation>` for each SDK command imported by the check-access code. */
  function calledActions(): string[] {
    const dirname = path.join(root, 'src/local/app/check-access');
    const actions = fs.readdirSync(dirname).filter((file) => file.endsWith('.ts')).flatMap((file) => {
      const source = fs.readFileSync(path.join(dirname, file), 'utf-8');
      return [...source.matchAll(/import \{([^}]*)\} from '(@aws-sdk\/[^']+)'/g)].flatMap(([, names, module]) => names.split(',')
        .map((name) => name.trim())
        .filter((name) => name.endsWith('Command'))
        .map((name) => `${SERVICES[module] ?? module}:${name.replace(/Command$/, '')}`));
    });
    return [...new Set(actions)].sort();
  }

  test('names exactly the actions the code calls (InitiateAuth needs none)', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf-8');
    const section = readme.split('### On a deployed stack\n')[1].split('\n### ')[0];
    const policy = JSON.parse(section.split('```json\n')[1].split('\n```')[0]);
    const allowed = policy.Statement.flatMap((statement: { Action: string[] }) => statement.Action).sort();
    const called = calledActions();
    expect(called).toEqual(expect.arrayContaining(['cloudformation:GetTemplate', 'cognito-idp:AdminCreateUser', ...UNAUTHENTICATED]));
    expect(allowed).toEqual(called.filter((action) => !UNAUTHENTICATED.includes(action)));
  });
});

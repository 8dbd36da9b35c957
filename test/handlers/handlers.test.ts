import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';

// The bundled asset, as it ships in every package (built by `pre-compile`), not the TypeScript source.
const ASSET = path.join(__dirname, '../../assets/handlers/whoami.lambda/index.js');

const jwtEvent = {
  version: '2.0',
  routeKey: 'GET /protected',
  rawPath: '/protected',
  requestContext: {
    routeKey: 'GET /protected',
    authorizer: {
      principalId: '',
      integrationLatency: 0,
      jwt: {
        claims: { 'sub': 'abc-123', 'cognito:username': 'alice', 'token_use': 'id', 'email': 'alice@example.com' },
        scopes: null,
      },
    },
  },
};

describe('whoami demo handler', () => {
  test('the bundle is small and self-contained', () => {
    const code = fs.readFileSync(ASSET, 'utf-8');
    expect(code).not.toMatch(/require\(["'](?!node:|crypto|util)[^"']+["']\)/);
    expect(code.length).toBeLessThan(10_000);
  });

  test('answers a signed-in caller with the verified claims', async () => {
    const response = await load('whoami.lambda')(jwtEvent);
    expect(response.statusCode).toBe(200);
    expect(response.headers).toEqual({ 'content-type': 'application/json' });
    expect(JSON.parse(response.body)).toEqual({
      message: 'Hello, signed-in caller',
      routeKey: 'GET /protected',
      subject: 'abc-123',
      username: 'alice',
      tokenUse: 'id',
      scopes: [],
      claims: jwtEvent.requestContext.authorizer.jwt.claims,
    });
  });

  test('reports the scopes of an access token', async () => {
    const event = structuredClone(jwtEvent);
    event.requestContext.authorizer.jwt = {
      claims: { sub: 'abc-123', username: 'alice', token_use: 'access', scope: 'reports/read' } as any,
      scopes: ['reports/read'] as any,
    };
    const body = JSON.parse((await load('whoami.lambda')(event)).body);
    expect(body).toMatchObject({ username: 'alice', tokenUse: 'access', scopes: ['reports/read'] });
  });

  test('reports what the Lambda authorizer passed as context', async () => {
    const context = { sub: 'abc-123', username: 'alice', groups: '["admin"]', issuer: 'https://example.eu.auth0.com/', tokenUse: 'access' };
    const body = JSON.parse((await load('whoami.lambda')({ routeKey: 'GET /me', requestContext: { authorizer: { lambda: context } } })).body);
    expect(body).toEqual({
      message: 'Hello, signed-in caller', routeKey: 'GET /me', subject: 'abc-123', username: 'alice', tokenUse: 'access', scopes: [], claims: context,
    });
  });

  test('reports an IAM caller (a SigV4-signed request on an AWS_IAM route): the signer\'s identity, not an anonymous caller', async () => {
    // requestContext.authorizer.iam as API Gateway passes it ("Working with AWS Lambda proxy integrations for HTTP APIs").
    const iam = {
      accessKey: 'ASIAEXAMPLEKEY000000',
      accountId: '123456789012',
      callerId: 'AROAEXAMPLEROLEID0000:reporter',
      cognitoIdentity: null,
      principalOrgId: null,
      userArn: 'arn:aws:sts::123456789012:assumed-role/ReporterRole/reporter',
      userId: 'AROAEXAMPLEROLEID0000:reporter',
    };
    const body = JSON.parse((await load('whoami.lambda')({ routeKey: 'GET /internal/report', requestContext: { authorizer: { iam } } })).body);
    expect(body).toEqual({
      message: 'Hello, IAM caller', routeKey: 'GET /internal/report', subject: iam.userId, username: null, tokenUse: null, scopes: [], claims: {}, iam,
    });
  });

  test('answers an anonymous caller on a public route', async () => {
    const body = JSON.parse((await load('whoami.lambda')({ version: '2.0', routeKey: 'GET /health', requestContext: { routeKey: 'GET /health' } })).body);
    expect(body).toEqual({ message: 'Hello, anonymous caller', routeKey: 'GET /health', subject: null, username: null, tokenUse: null, scopes: [], claims: {} });
  });
});

describe('group-scopes trigger (pre-token generation V2)', () => {
  const trigger = load('group-scopes.lambda');
  // The event shape Cognito sends for event version V2_0 (trimmed to what the trigger reads and returns).
  const event = (groups: string[] | undefined) => ({
    version: '2',
    triggerSource: 'TokenGeneration_Authentication',
    region: 'eu-west-1',
    userPoolId: 'eu-west-1_AbCdEf123',
    userName: 'alice',
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'client' },
    request: {
      userAttributes: { sub: 'abc-123', email: 'alice@example.com' },
      groupConfiguration: { groupsToOverride: groups, iamRolesToOverride: [], preferredRole: null },
      scopes: ['aws.cognito.signin.user.admin'],
    },
    response: { claimsAndScopeOverrideDetails: null },
  });

  test('adds one group:<name> scope per group to the access token', async () => {
    const result = await trigger(event(['admin', 'support']));
    expect(result.response.claimsAndScopeOverrideDetails).toEqual({
      accessTokenGeneration: { scopesToAdd: ['group:admin', 'group:support'] },
    });
    expect(result.request).toEqual(event(['admin', 'support']).request);
  });

  test('changes nothing for a user in no group', async () => {
    expect((await trigger(event([]))).response).toEqual({ claimsAndScopeOverrideDetails: null });
    expect((await trigger(event(undefined))).response).toEqual({ claimsAndScopeOverrideDetails: null });
  });
});

describe('pre-token-generation trigger (event version 3): group scopes, machine client claims, the user\'s function', () => {
  const { createHandler } = createRequire(__filename)(path.join(__dirname, '..', '..', 'assets', 'handlers', 'pre-token-generation.lambda', 'index.js'));
  // Cognito's V3_0 event on the client-credentials grant (trimmed; no user, the client's id as caller).
  const machineEvent = (clientId: string) => ({
    version: '3',
    triggerSource: 'TokenGeneration_ClientCredentials',
    region: 'eu-west-1',
    userPoolId: 'eu-west-1_AbCdEf123',
    userName: clientId,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId },
    request: { userAttributes: {}, groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [], preferredRole: null }, scopes: ['api/reports.read'] },
    response: { claimsAndScopeOverrideDetails: null },
  });
  const userEvent = { ...machineEvent('user-client'), triggerSource: 'TokenGeneration_Authentication', request: { ...machineEvent('x').request, groupConfiguration: { groupsToOverride: ['admin'] } } };
  const claims = JSON.stringify({ 'acme-reporting': { tenant: 'acme' } });
  const clientNames = jest.fn(async () => new Map([['id-acme', 'acme-reporting'], ['id-other', 'other']]));

  test('adds the calling machine client\'s claims to its access token, listing the pool\'s clients once', async () => {
    clientNames.mockClear();
    const trigger = createHandler({ clientNames, invoke: jest.fn() }, { MACHINE_CLIENT_CLAIMS: claims });
    const result = await trigger(machineEvent('id-acme'));
    expect(result.response.claimsAndScopeOverrideDetails).toEqual({ accessTokenGeneration: { claimsToAddOrOverride: { tenant: 'acme' } } });
    await trigger(machineEvent('id-acme'));
    expect(clientNames).toHaveBeenCalledTimes(1);
    expect(clientNames).toHaveBeenCalledWith('eu-west-1_AbCdEf123');
    expect((await trigger(machineEvent('id-other'))).response).toEqual({ claimsAndScopeOverrideDetails: null });
  });

  test('gives users their group scopes and never machine claims', async () => {
    const trigger = createHandler({ clientNames, invoke: jest.fn() }, { MACHINE_CLIENT_CLAIMS: claims });
    expect((await trigger(userEvent)).response.claimsAndScopeOverrideDetails).toEqual({ accessTokenGeneration: { scopesToAdd: ['group:admin'] } });
  });

  test('invokes the user\'s function with its own changes and merges its answer over them', async () => {
    const invoke = jest.fn(async (_name: string, event: any) => ({
      ...event,
      response: { claimsAndScopeOverrideDetails: { accessTokenGeneration: { claimsToAddOrOverride: { plan: 'gold', tenant: 'override' }, scopesToAdd: ['extra'] } } },
    }));
    const trigger = createHandler({ clientNames, invoke }, { MACHINE_CLIENT_CLAIMS: claims, PRE_TOKEN_GENERATION_FUNCTION: 'arn:aws:lambda:eu-west-1:123456789012:function:mine' });
    const result = await trigger(machineEvent('id-acme'));
    expect(invoke).toHaveBeenCalledWith('arn:aws:lambda:eu-west-1:123456789012:function:mine', expect.objectContaining({
      response: { claimsAndScopeOverrideDetails: { accessTokenGeneration: { claimsToAddOrOverride: { tenant: 'acme' } } } },
    }));
    expect(result.response.claimsAndScopeOverrideDetails).toEqual({
      accessTokenGeneration: { claimsToAddOrOverride: { tenant: 'override', plan: 'gold' }, scopesToAdd: ['extra'] },
    });
    const grouped = await trigger(userEvent);
    expect(grouped.response.claimsAndScopeOverrideDetails.accessTokenGeneration.scopesToAdd).toEqual(['group:admin', 'extra']);
  });
});

test('preflight handler answers 204', async () => {
  expect(await load('preflight.lambda')()).toEqual({ statusCode: 204 });
});

function load(asset: string): (event?: unknown) => Promise<any> {
  return createRequire(__filename)(path.join(__dirname, '..', '..', 'assets', 'handlers', asset, 'index.js')).handler;
}

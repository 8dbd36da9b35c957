import * as fs from 'fs';
import * as path from 'path';
import { CognitoUser, CognitoUserAttribute, CognitoUserPool } from 'amazon-cognito-identity-js';
import { Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ApiPool, createApiPool, RUNNER_TIMEOUT_MS, startTestRunner, synthApp, TestRunner } from './helpers';
import { LocalUserPool } from '../../src/local/app/runner';
import { CognitoClient } from '../../src/local/cognito/client';
import { CodeStore, MAX_WRONG_ATTEMPTS } from '../../src/local/cognito/front/codes';
import { maskDestination } from '../../src/local/cognito/front/delivery';
import type { Message } from '../../src/local/cognito/front/message-box';

/**
 * Codes are delivered, not guessed: the runner's Cognito endpoint (a front of moto, which accepts
 * any code) sends six-digit codes to a message box read at `GET <cognitoEndpoint>/local/messages`
 * and checks them as Cognito does — wrong, expired, too many tries, used once, a newer one replacing
 * the older — for sign-up confirmation, password reset and attribute verification; AdminCreateUser
 * sends its invitation; a CustomMessage trigger writes the text; PreventUserExistenceErrors hides
 * unknown users. Each row cites the Cognito API reference page of the operation it exercises; the
 * sign-up and forgot-password rows go through amazon-cognito-identity-js, as apps do.
 */

jest.setTimeout(RUNNER_TIMEOUT_MS);

const API = 'https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference';
const REGION = 'us-east-1';
const PASSWORD = 'Codes-Passw0rd';
const HOUR_MS = 3600_000;

const MISMATCH = 'CodeMismatchException: Invalid verification code provided, please try again.';
const EXPIRED = 'ExpiredCodeException: Invalid code provided, please request a code again.';
const LIMIT = 'LimitExceededException: Attempt limit exceeded, please try after some time.';
const NOT_FOUND = 'UserNotFoundException: Username/client id combination not found.';

const CUSTOM_MESSAGE = `exports.handler = async (event) => {
  const { codeParameter, usernameParameter, userAttributes } = event.request;
  if (event.triggerSource === 'CustomMessage_SignUp') {
    event.response.emailSubject = 'Welcome aboard';
    event.response.emailMessage = 'Welcome ' + userAttributes.email + ', confirm with ' + codeParameter;
  }
  if (event.triggerSource === 'CustomMessage_AdminCreateUser') {
    event.response.emailMessage = 'Hi ' + usernameParameter + ', sign in with ' + codeParameter;
  }
  return event;
};`;

let local: TestRunner;
let api: CognitoClient;
/** The pool the rows run on: CodesPool, then the same pool created through the API. */
let codesPool: Pick<LocalUserPool, 'userPoolId'>;
let customPool: LocalUserPool;
/** The clients of the pool the rows run on: PreventUserExistenceErrors ENABLED and LEGACY. */
let hiding: string;
let legacy: string;
const pools: Record<string, ApiPool> = {};

beforeAll(async () => {
  local = await startTestRunner(synthApp((app) => {
    const stack = new Stack(app, 'CodesStack');
    const pool = new cognito.UserPool(stack, 'CodesPool', {
      selfSignUpEnabled: true,
      signInAliases: { username: true, email: true },
      autoVerify: { email: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      userVerification: { emailSubject: 'Your code', emailBody: 'Hello, your code is {####}' },
    });
    pool.addClient('Hiding', { authFlows: { userPassword: true, userSrp: true }, preventUserExistenceErrors: true });
    pool.addClient('Legacy', { authFlows: { userPassword: true }, preventUserExistenceErrors: false });
    const custom = new cognito.UserPool(stack, 'CustomPool', { selfSignUpEnabled: true, signInAliases: { username: true, email: true } });
    custom.addClient('CustomClient', { authFlows: { userPassword: true } });
    custom.addTrigger(cognito.UserPoolOperation.CUSTOM_MESSAGE, new lambda.Function(stack, 'CustomMessageFn', {
      runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline(CUSTOM_MESSAGE),
    }));
  }));
  const templatePools = local.runner.stack('CodesStack').userPools;
  const template = templatePools.find((pool) => pool.logicalId.startsWith('CodesPool'))!;
  customPool = templatePools.find((pool) => pool.logicalId.startsWith('CustomPool'))!;
  const clientId = (name: string) => template.clients.find((client) => client.logicalId.startsWith(`CodesPool${name}`))!.clientId;
  pools.template = { userPoolId: template.userPoolId, clients: { hiding: { id: clientId('Hiding') }, legacy: { id: clientId('Legacy') } } };
  // CodesPool's settings, as CreateUserPool takes them.
  pools['created through the API'] = await createApiPool(local.runner.cognitoEndpoint, REGION, {
    AliasAttributes: ['email'],
    AutoVerifiedAttributes: ['email'],
    AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
    VerificationMessageTemplate: { DefaultEmailOption: 'CONFIRM_WITH_CODE', EmailSubject: 'Your code', EmailMessage: 'Hello, your code is {####}' },
  }, {
    hiding: { ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'], PreventUserExistenceErrors: 'ENABLED' },
    legacy: { ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'], PreventUserExistenceErrors: 'LEGACY' },
  });
  api = new CognitoClient(local.runner.cognitoEndpoint, REGION);
});
afterAll(() => local?.runner.stop());

const unique = (name: string) => `${name}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** The message box, as a developer reads it. */
async function messages(filter: Record<string, string> = {}): Promise<Message[]> {
  const response = await fetch(`${local.runner.messagesUrl}?${new URLSearchParams(filter)}`);
  expect(response.headers.get('content-type')).toBe('application/json');
  return (await response.json() as { messages: Message[] }).messages;
}

async function lastMessage(username: string, kind?: string): Promise<Message> {
  const found = await messages({ username, ...kind ? { kind } : {} });
  if (!found.length) throw new Error(`no message for ${username}`);
  return found[found.length - 1];
}

/** Signs a user up through the front (plain JSON, as the AWS SDKs send it); the email it used. */
async function signUp(username: string, clientId = hiding): Promise<string> {
  const email = `${username}@example.com`;
  await api.call('SignUp', { ClientId: clientId, Username: username, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: email }] });
  return email;
}

/** A confirmed user with a verified email (confirmed with the code it received). */
async function confirmedUser(name: string): Promise<string> {
  const username = unique(name);
  await signUp(username);
  await api.call('ConfirmSignUp', { ClientId: hiding, Username: username, ConfirmationCode: (await lastMessage(username)).code });
  return username;
}

const status = async (username: string, pool = codesPool) =>
  (await api.call('AdminGetUser', { UserPoolId: pool.userPoolId, Username: username })).UserStatus;
const attribute = async (username: string, name: string) =>
  (await api.call('AdminGetUser', { UserPoolId: codesPool.userPoolId, Username: username })).UserAttributes.find((a: any) => a.Name === name)?.Value;

/** Runs `run` with the clock `ms` ahead (the codes' clock is Date.now). */
async function later<T>(ms: number, run: () => Promise<T>): Promise<T> {
  const now = Date.now();
  const spy = jest.spyOn(Date, 'now').mockImplementation(() => now + ms);
  try {
    return await run();
  } finally {
    spy.mockRestore();
  }
}

const jsPool = (clientId = hiding) => new CognitoUserPool({ UserPoolId: codesPool.userPoolId, ClientId: clientId, endpoint: `${local.runner.cognitoEndpoint}/` });

interface Row {
  readonly scenario: string;
  /** The Cognito API reference page of the operation. */
  readonly doc: string;
  readonly run: () => Promise<void>;
}

const rows: Row[] = [
  {
    scenario: 'sign-up (amazon-cognito-identity-js): the code is read from the messages URL, confirmRegistration succeeds, the email is verified',
    doc: `${API}/API_ConfirmSignUp.html`,
    run: async () => {
      const username = unique('alice');
      const pool = jsPool();
      const signedUp = await new Promise<any>((resolve, reject) => pool.signUp(username, PASSWORD,
        [new CognitoUserAttribute({ Name: 'email', Value: `${username}@example.com` })], [], (error, result) => error ? reject(error) : resolve(result)));
      expect(signedUp.userConfirmed).toBe(false);
      expect(signedUp.codeDeliveryDetails).toEqual({ Destination: 'a***@e***.com', DeliveryMedium: 'EMAIL', AttributeName: 'email' });
      const message = await lastMessage(username);
      expect(message).toMatchObject({
        pool: codesPool.userPoolId,
        username,
        destination: `${username}@example.com`,
        kind: 'sign-up',
        deliveryMedium: 'EMAIL',
        text: `Hello, your code is ${message.code}`,
        subject: 'Your code',
      });
      expect(message.code).toMatch(/^\d{6}$/);
      expect(local.output).toContain(`✉ code ${message.code} for ${username}@example.com (sign-up, pool ${codesPool.userPoolId})`);
      const user = new CognitoUser({ Username: username, Pool: pool });
      await new Promise((resolve, reject) => user.confirmRegistration(message.code, true,
        (error, result) => error ? reject(error) : resolve(result)));
      expect(await status(username)).toBe('CONFIRMED');
      expect(await attribute(username, 'email_verified')).toBe('true');
    },
  },
  {
    scenario: 'a wrong code: CodeMismatchException, the user stays unconfirmed',
    doc: `${API}/API_ConfirmSignUp.html`,
    run: async () => {
      const username = unique('wrong');
      await signUp(username);
      const right = (await lastMessage(username)).code;
      await expect(api.call('ConfirmSignUp', { ClientId: hiding, Username: username, ConfirmationCode: right === '000000' ? '111111' : '000000' }))
        .rejects.toThrow(MISMATCH);
      expect(await status(username)).toBe('UNCONFIRMED');
    },
  },
  {
    scenario: 'a sign-up code 25 hours later (codes live 24 hours): ExpiredCodeException',
    doc: `${API}/API_ConfirmSignUp.html`,
    run: async () => {
      const username = unique('late');
      await signUp(username);
      const { code } = await lastMessage(username);
      await later(25 * HOUR_MS, () => expect(api.call('ConfirmSignUp', { ClientId: hiding, Username: username, ConfirmationCode: code })).rejects.toThrow(EXPIRED));
      await later(23 * HOUR_MS, () => api.call('ConfirmSignUp', { ClientId: hiding, Username: username, ConfirmationCode: code }));
    },
  },
  {
    scenario: `${MAX_WRONG_ATTEMPTS} wrong codes, then the sixth try (even the right code): LimitExceededException; a new code works again`,
    doc: `${API}/API_ConfirmSignUp.html`,
    run: async () => {
      const username = unique('guesser');
      await signUp(username);
      const { code } = await lastMessage(username);
      const wrong = code === '000000' ? '111111' : '000000';
      for (let i = 0; i < MAX_WRONG_ATTEMPTS; i++) {
        await expect(api.call('ConfirmSignUp', { ClientId: hiding, Username: username, ConfirmationCode: wrong })).rejects.toThrow(MISMATCH);
      }
      await expect(api.call('ConfirmSignUp', { ClientId: hiding, Username: username, ConfirmationCode: wrong })).rejects.toThrow(LIMIT);
      await expect(api.call('ConfirmSignUp', { ClientId: hiding, Username: username, ConfirmationCode: code })).rejects.toThrow(LIMIT);
      await api.call('ResendConfirmationCode', { ClientId: hiding, Username: username });
      await api.call('ConfirmSignUp', { ClientId: hiding, Username: username, ConfirmationCode: (await lastMessage(username, 'resend')).code });
      expect(await status(username)).toBe('CONFIRMED');
    },
  },
  {
    scenario: 'ResendConfirmationCode: a new code (CodeDeliveryDetails) replaces the old one; a confirmed user gets none',
    doc: `${API}/API_ResendConfirmationCode.html`,
    run: async () => {
      const username = unique('resend');
      await signUp(username);
      const first = (await lastMessage(username, 'sign-up')).code;
      expect(await api.call('ResendConfirmationCode', { ClientId: hiding, Username: username }))
        .toEqual({ CodeDeliveryDetails: { Destination: 'r***@e***.com', DeliveryMedium: 'EMAIL', AttributeName: 'email' } });
      const second = await lastMessage(username, 'resend');
      expect(second.text).toBe(`Hello, your code is ${second.code}`);
      if (second.code !== first) {
        await expect(api.call('ConfirmSignUp', { ClientId: hiding, Username: username, ConfirmationCode: first })).rejects.toThrow(MISMATCH);
      }
      await api.call('ConfirmSignUp', { ClientId: hiding, Username: username, ConfirmationCode: second.code });
      await expect(api.call('ResendConfirmationCode', { ClientId: hiding, Username: username }))
        .rejects.toThrow('InvalidParameterException: User is already confirmed.');
    },
  },
  {
    scenario: 'forgot password (amazon-cognito-identity-js): the emailed code resets the password, USER_PASSWORD_AUTH signs in with it; the code works once',
    doc: `${API}/API_ConfirmForgotPassword.html`,
    run: async () => {
      const username = await confirmedUser('forgetful');
      const user = new CognitoUser({ Username: username, Pool: jsPool() });
      const details = await new Promise<any>((resolve, reject) =>
        user.forgotPassword({ onSuccess: resolve, onFailure: reject, inputVerificationCode: resolve }));
      expect(details.CodeDeliveryDetails).toEqual({ Destination: 'f***@e***.com', DeliveryMedium: 'EMAIL', AttributeName: 'email' });
      const { code, kind } = await lastMessage(username, 'forgot-password');
      expect(kind).toBe('forgot-password');
      await new Promise((resolve, reject) => user.confirmPassword(code, 'New-Passw0rd!', { onSuccess: resolve, onFailure: reject }));
      const signIn = await api.call('InitiateAuth', { ClientId: hiding, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: 'New-Passw0rd!' } });
      expect(signIn.AuthenticationResult.AccessToken).toBeDefined();
      await expect(api.call('ConfirmForgotPassword', { ClientId: hiding, Username: username, ConfirmationCode: code, Password: 'Other-Passw0rd!' }))
        .rejects.toThrow(EXPIRED);
    },
  },
  {
    scenario: 'ForgotPassword codes live 1 hour: ExpiredCodeException 61 minutes later',
    doc: `${API}/API_ForgotPassword.html`,
    run: async () => {
      const username = await confirmedUser('slow');
      await api.call('ForgotPassword', { ClientId: hiding, Username: username });
      const { code } = await lastMessage(username, 'forgot-password');
      await later(61 * 60_000, () => expect(api.call('ConfirmForgotPassword', { ClientId: hiding, Username: username, ConfirmationCode: code, Password: 'New-Passw0rd!' }))
        .rejects.toThrow(EXPIRED));
    },
  },
  {
    scenario: 'UpdateUserAttributes (new email) sends a code (CodeDeliveryDetailsList); VerifyUserAttribute checks it, GetUserAttributeVerificationCode sends another',
    doc: `${API}/API_VerifyUserAttribute.html`,
    run: async () => {
      const username = await confirmedUser('mover');
      const { AuthenticationResult } = await api.call('InitiateAuth', {
        ClientId: hiding, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: PASSWORD },
      });
      const AccessToken = AuthenticationResult.AccessToken;
      const updated = await api.call('UpdateUserAttributes', { AccessToken, UserAttributes: [{ Name: 'email', Value: `moved-${username}@example.org` }] });
      expect(updated).toEqual({ CodeDeliveryDetailsList: [{ Destination: 'm***@e***.org', DeliveryMedium: 'EMAIL', AttributeName: 'email' }] });
      expect(await attribute(username, 'email_verified')).toBe('false');
      const first = await lastMessage(username, 'verify-attribute');
      expect(first.destination).toBe(`moved-${username}@example.org`);
      await expect(api.call('VerifyUserAttribute', { AccessToken, AttributeName: 'email', Code: first.code === '000000' ? '111111' : '000000' }))
        .rejects.toThrow(MISMATCH);
      expect(await api.call('GetUserAttributeVerificationCode', { AccessToken, AttributeName: 'email' }))
        .toEqual({ CodeDeliveryDetails: { Destination: 'm***@e***.org', DeliveryMedium: 'EMAIL', AttributeName: 'email' } });
      const second = await lastMessage(username, 'verify-attribute');
      await api.call('VerifyUserAttribute', { AccessToken, AttributeName: 'email', Code: second.code });
      expect(await attribute(username, 'email_verified')).toBe('true');
      await expect(api.call('VerifyUserAttribute', { AccessToken: `${AccessToken}x`, AttributeName: 'email', Code: second.code }))
        .rejects.toThrow('NotAuthorizedException: Invalid Access Token');
    },
  },
  {
    scenario: 'AdminCreateUser: the invitation in Cognito\'s default text, with the temporary password (made here: moto makes none); RESEND sends a new one; SUPPRESS none',
    doc: `${API}/API_AdminCreateUser.html`,
    run: async () => {
      const username = unique('invitee');
      const created = await api.call('AdminCreateUser', {
        UserPoolId: codesPool.userPoolId, Username: username, UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
      });
      expect(created.User).toMatchObject({ Username: username, UserStatus: 'FORCE_CHANGE_PASSWORD' });
      const invitation = await lastMessage(username, 'invitation');
      expect(invitation.text).toBe(`Your username is ${username} and temporary password is ${invitation.code}.`);
      expect(local.output).toContain(`✉ temporary password ${invitation.code} for ${username}@example.com (invitation, pool ${codesPool.userPoolId})`);
      const signIn = await api.call('InitiateAuth', { ClientId: hiding, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: invitation.code } });
      expect(signIn.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
      const resent = await api.call('AdminCreateUser', { UserPoolId: codesPool.userPoolId, Username: username, MessageAction: 'RESEND' });
      expect(resent.User).toMatchObject({ Username: username, UserStatus: 'FORCE_CHANGE_PASSWORD' });
      const again = await lastMessage(username, 'invitation');
      expect(again.code).not.toBe(invitation.code);
      const quiet = unique('quiet');
      await api.call('AdminCreateUser', {
        UserPoolId: codesPool.userPoolId, Username: quiet, MessageAction: 'SUPPRESS', TemporaryPassword: 'Temp-Passw0rd!', UserAttributes: [{ Name: 'email', Value: `${quiet}@example.com` }],
      });
      expect(await messages({ username: quiet })).toEqual([]);
    },
  },
  {
    scenario: 'a CustomMessage trigger writes the sign-up and invitation texts (its {####} replaced by the code, usernameParameter by the username)',
    doc: `${API}/API_SignUp.html`,
    run: async () => {
      const username = unique('custom');
      const clientId = customPool.clients[0].clientId;
      await api.call('SignUp', { ClientId: clientId, Username: username, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }] });
      const message = await lastMessage(username, 'sign-up');
      expect(message).toMatchObject({ text: `Welcome ${username}@example.com, confirm with ${message.code}`, subject: 'Welcome aboard' });
      await api.call('ConfirmSignUp', { ClientId: clientId, Username: username, ConfirmationCode: message.code });
      expect(await status(username, customPool)).toBe('CONFIRMED');
      const invitee = unique('custom-invitee');
      await api.call('AdminCreateUser', { UserPoolId: customPool.userPoolId, Username: invitee, UserAttributes: [{ Name: 'email', Value: `${invitee}@example.com` }] });
      const invitation = await lastMessage(invitee, 'invitation');
      expect(invitation.text).toBe(`Hi ${invitee}, sign in with ${invitation.code}`);
    },
  },
  {
    scenario: 'PreventUserExistenceErrors ENABLED, unknown user: ForgotPassword and ResendConfirmationCode answer a simulated delivery (no message), the confirmations CodeMismatchException',
    doc: `${API}/API_ForgotPassword.html`,
    run: async () => {
      const before = (await messages()).length;
      const simulated = { CodeDeliveryDetails: { Destination: 'n***@e***.com', DeliveryMedium: 'EMAIL', AttributeName: 'email' } };
      expect(await api.call('ForgotPassword', { ClientId: hiding, Username: 'nobody' })).toEqual(simulated);
      expect(await api.call('ResendConfirmationCode', { ClientId: hiding, Username: 'nobody' })).toEqual(simulated);
      await expect(api.call('ConfirmForgotPassword', { ClientId: hiding, Username: 'nobody', ConfirmationCode: '123456', Password: PASSWORD })).rejects.toThrow(MISMATCH);
      await expect(api.call('ConfirmSignUp', { ClientId: hiding, Username: 'nobody', ConfirmationCode: '123456' })).rejects.toThrow(MISMATCH);
      expect((await messages()).length).toBe(before);
    },
  },
  {
    scenario: 'PreventUserExistenceErrors LEGACY, unknown user: UserNotFoundException "Username/client id combination not found."',
    doc: `${API}/API_ResendConfirmationCode.html`,
    run: async () => {
      await expect(api.call('ForgotPassword', { ClientId: legacy, Username: 'nobody' })).rejects.toThrow(NOT_FOUND);
      await expect(api.call('ResendConfirmationCode', { ClientId: legacy, Username: 'nobody' })).rejects.toThrow(NOT_FOUND);
      await expect(api.call('ConfirmForgotPassword', { ClientId: legacy, Username: 'nobody', ConfirmationCode: '123456', Password: PASSWORD })).rejects.toThrow(NOT_FOUND);
      await expect(api.call('ConfirmSignUp', { ClientId: legacy, Username: 'nobody', ConfirmationCode: '123456' })).rejects.toThrow(NOT_FOUND);
    },
  },
  {
    scenario: 'GET /local/messages filters by pool, username and kind, newest last; the endpoints file names the URL',
    doc: `${API}/API_CodeDeliveryDetailsType.html`,
    run: async () => {
      const username = unique('filtered');
      await signUp(username);
      await api.call('ResendConfirmationCode', { ClientId: hiding, Username: username });
      expect((await messages({ username })).map((m) => m.kind)).toEqual(['sign-up', 'resend']);
      expect((await messages({ username: `${username}@example.com`, kind: 'resend' })).map((m) => m.kind)).toEqual(['resend']);
      expect(await messages({ pool: customPool.userPoolId, username })).toEqual([]);
      const endpoints = JSON.parse(fs.readFileSync(path.join(local.runner.endpointsFile!), 'utf-8'));
      expect(endpoints.messages).toBe(`${local.runner.cognitoEndpoint}/local/messages`);
      expect(local.runner.messagesUrl).toBe(endpoints.messages);
    },
  },
];

describe.each(['template', 'created through the API'])('on a pool: %s', (name) => {
  beforeAll(() => {
    const { userPoolId, clients } = pools[name];
    codesPool = { userPoolId };
    [hiding, legacy] = [clients.hiding.id, clients.legacy.id];
  });

  // The CustomMessage row's pool is the template's (a pool created at runtime runs no triggers).
  test.each(name === 'template' ? rows : rows.filter((row) => !row.scenario.includes('CustomMessage')))('$scenario ($doc)', ({ run }) => run());
});

describe('the code store (its clock injected)', () => {
  test('six digits; sign-up and attribute codes live 24 hours, forgot-password codes 1 hour; a newer code replaces the older', () => {
    let now = 0;
    const store = new CodeStore(() => now);
    const signUpCode = store.issue('pool', 'u', 'sign-up');
    const resetCode = store.issue('pool', 'u', 'forgot-password');
    const attributeCode = store.issue('pool', 'u', 'verify-email');
    expect(signUpCode).toMatch(/^\d{6}$/);
    now = HOUR_MS + 1;
    expect(() => store.check('pool', 'u', 'forgot-password', resetCode)).toThrow('Invalid code provided, please request a code again.');
    expect(store.check('pool', 'u', 'sign-up', signUpCode)).toEqual({ attribute: undefined });
    now = 24 * HOUR_MS + 1;
    expect(() => store.check('pool', 'u', 'verify-email', attributeCode)).toThrow('Invalid code provided, please request a code again.');
    const newer = store.issue('pool', 'u', 'sign-up', 'email');
    if (newer !== signUpCode) expect(() => store.check('pool', 'u', 'sign-up', signUpCode)).toThrow('Invalid verification code provided, please try again.');
    expect(store.check('pool', 'u', 'sign-up', newer)).toEqual({ attribute: 'email' });
    store.use('pool', 'u', 'sign-up');
    expect(() => store.check('pool', 'u', 'sign-up', newer)).toThrow('Invalid code provided, please request a code again.');
  });

  test('destinations are masked as Cognito masks them', () => {
    expect(maskDestination('admin@example.com')).toBe('a***@e***.com');
    expect(maskDestination('+15555551234')).toBe('+*******1234');
  });
});

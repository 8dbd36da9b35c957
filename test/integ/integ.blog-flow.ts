import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { BlogExampleStack } from '../example/blog-example-stack';

/**
 * The blog's flow on AWS: deploys the blog example, creates a user and sets its password, gets an
 * ID token from AdminInitiateAuth, and calls the API without it (401) and with it (200).
 *
 * `npx projen test:integ` compares the committed snapshot without deploying (no account needed);
 * `npx projen integ:deploy` runs it against the account of your AWS credentials (see README).
 */
const app = new App({ analyticsReporting: false });
const stack = new BlogExampleStack(app, 'BlogFlowIntegStack');

// Test-only escape hatches: the throwaway pool may be deleted with the stack, and the client
// allows the admin password flow that AdminInitiateAuth uses (the blog's client allows SRP and
// USER_PASSWORD_AUTH, for browsers and the CLI).
const pool = stack.api.userPool.node.defaultChild as cognito.CfnUserPool;
pool.applyRemovalPolicy(RemovalPolicy.DESTROY);
pool.deletionProtection = 'INACTIVE';
const client = stack.api.userPoolClient.node.defaultChild as cognito.CfnUserPoolClient;
client.explicitAuthFlows = [...(client.explicitAuthFlows ?? []), 'ALLOW_ADMIN_USER_PASSWORD_AUTH'];

const integ = new IntegTest(app, 'BlogFlow', {
  testCases: [stack],
  diffAssets: false,
  cdkCommandOptions: { destroy: { args: { force: true } } },
});

const userPoolId = stack.api.userPool.userPoolId;
const username = 'integ-user@example.com';
const password = 'Integ-Passw0rd!';

const createUser = integ.assertions.awsApiCall('CognitoIdentityServiceProvider', 'adminCreateUser', {
  UserPoolId: userPoolId,
  Username: username,
  MessageAction: 'SUPPRESS',
  UserAttributes: [{ Name: 'email', Value: username }, { Name: 'email_verified', Value: 'true' }],
});
const setPassword = integ.assertions.awsApiCall('CognitoIdentityServiceProvider', 'adminSetUserPassword', {
  UserPoolId: userPoolId,
  Username: username,
  Password: password,
  Permanent: true,
});
const logIn = integ.assertions.awsApiCall('CognitoIdentityServiceProvider', 'adminInitiateAuth', {
  UserPoolId: userPoolId,
  ClientId: stack.api.userPoolClient.userPoolClientId,
  AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
  AuthParameters: { USERNAME: username, PASSWORD: password },
}, ['AuthenticationResult.IdToken']); // the whole answer (refresh token too) would pass the 4 KB custom-resource limit
for (const call of [createUser, setPassword, logIn]) {
  call.provider.addToRolePolicy({
    Effect: 'Allow',
    Action: ['cognito-idp:AdminCreateUser', 'cognito-idp:AdminSetUserPassword', 'cognito-idp:AdminInitiateAuth'],
    Resource: [stack.api.userPool.userPoolArn],
  });
}

const withoutToken = integ.assertions.httpApiCall(`${stack.api.apiUrl}protected`)
  .expect(ExpectedResult.objectLike({ status: 401, body: { message: 'Unauthorized' } }));
const withToken = integ.assertions.httpApiCall(`${stack.api.apiUrl}protected`, {
  headers: { Authorization: `Bearer ${logIn.getAttString('AuthenticationResult.IdToken')}` },
}).expect(ExpectedResult.objectLike({
  status: 200,
  body: { message: 'Hello, signed-in caller', routeKey: 'GET /protected', tokenUse: 'id' },
}));
const health = integ.assertions.httpApiCall(`${stack.api.apiUrl}health`)
  .expect(ExpectedResult.objectLike({ status: 200, body: { message: 'Hello, anonymous caller' } }));

createUser.next(setPassword).next(logIn).next(withoutToken).next(withToken).next(health);

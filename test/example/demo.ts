import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { AuthorizationExampleStack } from './authorization-example-stack';
import { runAuthorizationFlow } from './authorization-flow';
import { BlogExampleStack } from './blog-example-stack';
import { runBlogFlow } from './blog-flow';
import { ExternalIssuerExampleStack } from './external-issuer-example-stack';
import { NotesExampleStack } from './notes-example-stack';
import { runNotesFlow } from './notes-flow';
import { SignInExampleStack } from './sign-in-example-stack';
import { runSignInFlow } from './sign-in-flow';
import { startLocal } from '../../src/local/app/runner';

/**
 * `npx projen demo`: synthesizes the example app into cdk.out/, starts the local runner on the
* blog, authorization and notes examples, runs the blog's flow, then (second part) the
 * authorization example's group and machine-client routes, then (third part) the notes example's
 * CRUD flow on DynamoDB and S3 in moto, then (fourth part) the sign-in example's passwordless
 * sign-in with an email one-time code and its Google sign-in through the runner's stand-in, printing each step. Exits 1 if any step differs.
 */
async function demo(): Promise<number> {
  // Since this process started (TypeScript loading included), not since this function was called.
  const started = performance.timeOrigin;
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const outdir = path.resolve('cdk.out');
  const app = new App({ analyticsReporting: false, outdir });
  new BlogExampleStack(app, 'BlogExampleStack');
  new AuthorizationExampleStack(app, 'AuthorizationExampleStack');
  new ExternalIssuerExampleStack(app, 'ExternalIssuerExampleStack');
  new NotesExampleStack(app, 'NotesExampleStack');
  new SignInExampleStack(app, 'SignInExampleStack');
  app.synth();
  console.log(`Synthesized the example app into ${path.relative(process.cwd(), outdir)}/ (${seconds(Date.now() - started)})`);

  const runner = await startLocal({
    assemblyDir: outdir,
    stacks: ['BlogExampleStack', 'AuthorizationExampleStack', 'NotesExampleStack', 'SignInExampleStack'],
    endpointsFile: false,
    log: (line) => console.log(`  ${line}`),
  });
  try {
    const stack = runner.stack('BlogExampleStack');
    const pool = stack.userPools[0];
    const api = stack.apis[0];
    console.log(`Local runner up (${seconds(Date.now() - started)}): Cognito ${runner.cognitoEndpoint}`);
    console.log(`  user pool ${pool.userPoolId}, client ${pool.clients[0].clientId}`);
    console.log(`BlogExampleStack's HTTP API: ${api.url}\n`);
    console.log('The blog flow:');
    let firstOk: number | undefined;
    const steps = await runBlogFlow(
      {
        apiUrl: api.url,
        cognitoEndpoint: runner.cognitoEndpoint,
        region: stack.region,
        userPoolId: pool.userPoolId,
        clientId: pool.clients[0].clientId,
      },
      (step) => {
        console.log(`  ${step.ok ? '✔' : '✘'} ${step.title}\n      ${step.detail}`);
        if (firstOk === undefined && step.ok && step.title.includes('→ 200')) firstOk = Date.now() - started;
      },
    );
    const failed = steps.filter((step) => !step.ok);
    console.log('');
    if (failed.length) {
      console.log(`✘ ${failed.length} of ${steps.length} steps differ from the blog's flow.`);
      return 1;
    }
    console.log(`✔ The blog's flow runs: 401 without a token, 200 with the ID token, 200 on the public route. First 200 ${seconds(firstOk!)} after the demo process started (synth and emulator start included).`);

    // Second part: the authorization example's machine client and group routes.
    const authz = runner.stack('AuthorizationExampleStack');
    const authzPool = authz.userPools[0];
    const userClient = authzPool.clients.find((client) => client.logicalId.startsWith('ApiUserPoolClient'))!;
    const reporting = authzPool.clients.find((client) => client.name === 'reporting')!;
    console.log(`\nAuthorizationExampleStack's HTTP API: ${authz.apis[0].url}`);
    console.log(`  OAuth 2.0 endpoints of ${authzPool.oauth!.hostedUrl}: ${authzPool.oauth!.url}\n`);
    console.log('Machine client and group routes:');
    const authzSteps = await runAuthorizationFlow({
      apiUrl: authz.apis[0].url,
      oauthUrl: authzPool.oauth!.url,
      cognitoEndpoint: runner.cognitoEndpoint,
      lambdaEndpoint: runner.lambdaEndpoint,
      region: authz.region,
      userPoolId: authzPool.userPoolId,
      clientId: userClient.clientId,
      machineClientId: reporting.clientId,
      machineSecret: reporting.clientSecret!,
    }, (step) => console.log(`  ${step.ok ? '✔' : '✘'} ${step.title}\n      ${step.detail}`));
    const authzFailed = authzSteps.filter((step) => !step.ok);
    console.log('');
    if (authzFailed.length) {
      console.log(`✘ ${authzFailed.length} of ${authzSteps.length} steps of the authorization example differ.`);
      return 1;
    }
    console.log('✔ The authorization example runs: the machine client\'s scope (200) and the one it lacks (403), a wrong secret (invalid_client), '
      + 'the code flow with PKCE (200), the admin group\'s route for a member (200) and a non-member (403), '
      + 'the Reporter function on the IAM route with its role (200) and an unsigned call (403).');

    // The notes example: a Node.js (SDK v3) and a Python (boto3) handler on DynamoDB and S3 in moto.
    const notes = runner.stack('NotesExampleStack');
    const notesPool = notes.userPools[0];
    console.log(`\nNotesExampleStack's HTTP API: ${notes.apis[0].url}`);
    for (const note of notes.warnings) console.log(`  note: ${note}`);
    console.log('The notes CRUD flow:');
    const noteSteps = await runNotesFlow(
      {
        apiUrl: notes.apis[0].url,
        cognitoEndpoint: runner.cognitoEndpoint,
        region: notes.region,
        userPoolId: notesPool.userPoolId,
        clientId: notesPool.clients[0].clientId,
      },
      (step) => console.log(`  ${step.ok ? '✔' : '✘'} ${step.title}\n      ${step.detail}`),
    );
    const notesFailed = noteSteps.filter((step) => !step.ok);
    if (notesFailed.length) {
      console.log(`\n✘ ${notesFailed.length} of ${noteSteps.length} notes steps failed.`);
      return 1;
    }
    console.log('\n✔ The notes CRUD flow runs against DynamoDB and S3 in moto.');

    // The sign-in example: choice-based sign-in with an email one-time code (the message box).
    const signIn = runner.stack('SignInExampleStack');
    const signInPool = signIn.userPools[0];
    console.log(`\nSignInExampleStack's HTTP API: ${signIn.apis[0].url}`);
    console.log('Passwordless sign-in (email one-time code) and "Continue with Google" (local stand-in):');
    const signInSteps = await runSignInFlow({
      apiUrl: signIn.apis[0].url,
      cognitoEndpoint: runner.cognitoEndpoint,
      messagesUrl: runner.messagesUrl,
      oauthUrl: signInPool.oauth!.url,
      callbackUrl: 'https://app.example.com/callback',
      region: signIn.region,
      userPoolId: signInPool.userPoolId,
      clientId: signInPool.clients[0].clientId,
    }, (step) => console.log(`  ${step.ok ? '✔' : '✘'} ${step.title}\n      ${step.detail}`));
    const signInFailed = signInSteps.filter((step) => !step.ok);
    if (signInFailed.length) {
      console.log(`\n✘ ${signInFailed.length} of ${signInSteps.length} sign-in steps failed.`);
      return 1;
    }
    console.log('\n✔ An email one-time code (USER_AUTH) and the Google stand-in sign in, and the API answers 200 to both ID tokens.');
    return 0;
  } finally {
    await runner.stop();
  }
}

demo().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`demo failed: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  },
);

import { createDiffieHellman, createHmac, randomBytes } from 'crypto';
import { AuthenticationHelper } from 'amazon-cognito-identity-js';
import { synthBlogExample } from './blog-app';
import { median } from './stats';
import { startLocal } from '../../src/local/app/runner';
import { CognitoClient } from '../../src/local/cognito/client';

/**
 * What verifying SRP costs a sign-in through the runner's Cognito front, side by side on the blog
 * stack: `USER_SRP_AUTH` (InitiateAuth, the client's proof, RespondToAuthChallenge `PASSWORD_VERIFIER`:
 * the front sends the challenge, checks the proof, then runs moto's flow) against `USER_PASSWORD_AUTH`
 * (one call, moto checks the password), both issuing the same tokens. The client's half is computed
 * here with OpenSSL (a few ms; amazon-cognito-identity-js's JavaScript BigInteger takes about 0.3 s on
 * this machine, which is the client's cost, not the front's) and timed apart, so that the front's
 * added time is `SRP − client half − USER_PASSWORD_AUTH`. Loopback only; interleaved rounds (the order
 * alternating), medians. BENCH_ROUNDS (default 30).
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const PASSWORD = 'Bench-Passw0rd';

/** ACIJ's helper for its conventions (N, g, k, padHex, hashes, HKDF); its `a` is never used here. */
const helper = new AuthenticationHelper('') as any;
const BigInteger = helper.N.constructor;
const N = BigInt(`0x${helper.N.toString(16)}`);
const k = BigInt(`0x${helper.k.toString(16)}`);
const padHex = (value: bigint): string => helper.padHex(new BigInteger(value.toString(16), 16));
const hexBig = (hex: string): bigint => BigInt(`0x${hex}`);
function modPow(base: bigint, exponent: bigint): bigint {
  const dh = createDiffieHellman(Buffer.from(padHex(N), 'hex'), Buffer.from([2]));
  dh.setPrivateKey(Buffer.from(padHex(exponent), 'hex'));
  return hexBig(dh.computeSecret(Buffer.from(padHex(((base % N) + N) % N), 'hex')).toString('hex'));
}

/** The client's half of a PASSWORD_VERIFIER answer, as amazon-cognito-identity-js computes it (with OpenSSL's modular powers). */
function clientProof(a: bigint, A: bigint, poolName: string, parameters: Record<string, string>, timestamp: string): string {
  const B = hexBig(parameters.SRP_B);
  const userId = parameters.USER_ID_FOR_SRP;
  const u = hexBig(helper.hexHash(padHex(A) + padHex(B)));
  const x = hexBig(helper.hexHash(padHex(hexBig(parameters.SALT)) + helper.hash(`${poolName}${userId}:${PASSWORD}`)));
  const S = modPow(B - k * modPow(BigInt(2), x), a + u * x);
  const key = helper.computehkdf(Buffer.from(padHex(S), 'hex'), Buffer.from(padHex(u), 'hex'));
  const message = Buffer.concat([Buffer.from(poolName), Buffer.from(userId), Buffer.from(parameters.SECRET_BLOCK, 'base64'), Buffer.from(timestamp)]);
  return createHmac('sha256', key).update(message).digest('base64');
}

const ms = async (run: () => Promise<void> | void): Promise<number> => {
  const started = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - started) / 1e6;
};

async function main(): Promise<void> {
  const outdir = synthBlogExample();
  const runner = await startLocal({ assemblyDir: outdir, endpointsFile: false });
  try {
    const stack = runner.stack('BlogExampleStack');
    const { userPoolId, clients } = stack.userPools[0];
    const cognito = new CognitoClient(runner.cognitoEndpoint, stack.region);
    const email = 'bench@example.com';
    await cognito.call('SignUp', { ClientId: clients[0].clientId, Username: email, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: email }] });
    await cognito.call('AdminConfirmSignUp', { UserPoolId: userPoolId, Username: email });
    const clientId = clients[0].clientId;
    const poolName = userPoolId.split('_')[1];
    const timestamp = 'Tue Mar 5 09:07:03 UTC 2024';
    const clientTimes: number[] = [];
    const srpSignIn = async () => {
      const a = hexBig(randomBytes(32).toString('hex'));
      let started = process.hrtime.bigint();
      const A = modPow(BigInt(2), a);
      let clientNs = process.hrtime.bigint() - started;
      const challenge = await cognito.call('InitiateAuth', { ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: email, SRP_A: A.toString(16) } });
      started = process.hrtime.bigint();
      const signature = clientProof(a, A, poolName, challenge.ChallengeParameters, timestamp);
      clientNs += process.hrtime.bigint() - started;
      clientTimes.push(Number(clientNs) / 1e6);
      const { AuthenticationResult } = await cognito.call('RespondToAuthChallenge', {
        ClientId: clientId,
        ChallengeName: 'PASSWORD_VERIFIER',
        Session: challenge.Session,
        ChallengeResponses: {
          USERNAME: challenge.ChallengeParameters.USER_ID_FOR_SRP,
          PASSWORD_CLAIM_SECRET_BLOCK: challenge.ChallengeParameters.SECRET_BLOCK,
          PASSWORD_CLAIM_SIGNATURE: signature,
          TIMESTAMP: timestamp,
        },
      });
      if (!AuthenticationResult?.IdToken) throw new Error('the SRP sign-in issued no tokens');
    };
    const passwordSignIn = async () => {
      const { AuthenticationResult } = await cognito.call('InitiateAuth', {
        ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: email, PASSWORD },
      });
      if (!AuthenticationResult?.IdToken) throw new Error('the password sign-in issued no tokens');
    };

    // Warm-up: the front's SRP helper, moto, the JIT.
    for (let i = 0; i < 3; i++) {
      await srpSignIn();
      await passwordSignIn();
    }
    clientTimes.length = 0;

    const srp: number[] = [];
    const password: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate the order so neither flow always runs on a warmer machine.
      if (round % 2 === 0) {
        srp.push(await ms(srpSignIn));
        password.push(await ms(passwordSignIn));
      } else {
        password.push(await ms(passwordSignIn));
        srp.push(await ms(srpSignIn));
      }
    }
    const front = srp.map((value, i) => value - clientTimes[i]);
    const row = (name: string, values: number[]) => console.log(`${name.padEnd(58)} ${median(values).toFixed(1).padStart(7)} ms`);
    console.log(`Sign-in through the local Cognito front (${ROUNDS} interleaved rounds, medians)`);
    row('USER_PASSWORD_AUTH (one round trip)', password);
    row('USER_SRP_AUTH, proof verified by the front (two calls)', srp);
    row('  of which the client half (OpenSSL, no network)', clientTimes);
    row('  so the front and network alone', front);
    row('added by SRP through the front (front − USER_PASSWORD_AUTH)', front.map((value, i) => value - password[i]));
  } finally {
    await runner.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

import * as fs from 'fs';
import * as http from 'http';
import { synthBlogExample } from './blog-app';
import { median } from './stats';
import { startLocal } from '../../src/local/app/runner';
import { CognitoClient } from '../../src/local/cognito/client';

/**
 * Requests per second of the local gateway (src/local), side by side on the blog stack:
 * `GET /protected` (JWT authorizer, the JWKS cached after the first request) against `GET /health`
 * (public), both answered by the whoami Lambda in its worker processes. Loopback only; a bounded
 * number of requests with a fixed number of concurrent keep-alive connections; interleaved rounds,
 * median of the per-round rates. BENCH_REQUESTS (default 2000 per round and route), BENCH_ROUNDS
 * (default 5) and BENCH_CONCURRENCY (default 8) scale the run.
 */
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function get(url: string, token?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get(url, { agent, headers: token ? { authorization: token } : {} }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    }).on('error', reject);
  });
}

/** Requests per second for `count` requests, CONCURRENCY at a time; every answer must be 200. */
async function rate(url: string, count: number, token?: string): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  const worker = async () => {
    while (next < count) {
      next++;
      const status = await get(url, token);
      if (status !== 200) throw new Error(`${url} answered ${status}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return count / (Number(process.hrtime.bigint() - started) / 1e9);
}


async function main(): Promise<void> {
  const outdir = synthBlogExample();
  const runner = await startLocal({ assemblyDir: outdir, endpointsFile: false });
  try {
    const stack = runner.stack('BlogExampleStack');
    const pool = stack.userPools[0];
    const clientId = pool.clients[0].clientId;
    const cognito = new CognitoClient(runner.cognitoEndpoint, stack.region);
    const email = 'bench@example.com';
    await cognito.call('SignUp', { ClientId: clientId, Username: email, Password: 'Bench-Passw0rd', UserAttributes: [{ Name: 'email', Value: email }] });
    await cognito.call('AdminConfirmSignUp', { UserPoolId: pool.userPoolId, Username: email });
    const { AuthenticationResult } = await cognito.call('InitiateAuth', {
      ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: email, PASSWORD: 'Bench-Passw0rd' },
    });
    const token = AuthenticationResult.IdToken as string;
    const url = stack.apis[0].url;

    // Warm-up: worker processes started, the JWKS fetched and cached.
    await rate(`${url}protected`, 200, token);
    await rate(`${url}health`, 200);

    const jwt: number[] = [];
    const open: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate the order so neither route always runs on a warmer machine.
      if (round % 2 === 0) {
        jwt.push(await rate(`${url}protected`, REQUESTS, token));
        open.push(await rate(`${url}health`, REQUESTS));
      } else {
        open.push(await rate(`${url}health`, REQUESTS));
        jwt.push(await rate(`${url}protected`, REQUESTS, token));
      }
    }
    const ratios = jwt.map((value, i) => value / open[i]);
    console.log(`Local gateway, ${ROUNDS} rounds × ${REQUESTS} requests per route, ${CONCURRENCY} keep-alive connections, loopback:`);
    console.log(`  GET /protected (JWT authorizer, cached JWKS): ${median(jwt).toFixed(0)} req/s (median; ${jwt.map((v) => v.toFixed(0)).join(', ')})`);
    console.log(`  GET /health (public):                         ${median(open).toFixed(0)} req/s (median; ${open.map((v) => v.toFixed(0)).join(', ')})`);
    console.log(`  JWT / public: ${median(ratios).toFixed(2)}× (median of per-round ratios)`);
  } finally {
    agent.destroy();
    await runner.stop();
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

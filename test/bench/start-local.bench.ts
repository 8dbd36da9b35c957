import * as fs from 'fs';
import { synthBlogExample } from './blog-app';
import { median } from './stats';
import { startLocal } from '../../src/local/testing';

/**
 * The testing entry point (`cdk-cognito-protected-http-api/local`), fast enough to run on every save
 * (issue #38 item 6), on the blog stack with moto installed: `startLocal()` to ready (every API
 * answering), `createUser()` + `signIn()`, and `api.fetch()` as a user against a plain `fetch` with
 * the same token, interleaved. Targets: ready ≤ 1.5 s, a user ≤ 60 ms, the wrapper ≤ 1.1× a plain
 * fetch. BENCH_STARTS (default 5), BENCH_USERS (default 30) and BENCH_CALLS (default 500 per round,
 * 5 rounds) scale the run. Loopback only.
 */
const STARTS = Number(process.env.BENCH_STARTS ?? 5);
const USERS = Number(process.env.BENCH_USERS ?? 30);
const CALLS = Number(process.env.BENCH_CALLS ?? 500);
const ROUNDS = 5;

const ms = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e6;

async function main(): Promise<void> {
  const outdir = synthBlogExample();
  try {
    // One start first: moto installed and Python's bytecode cache warm, as on a developer's machine.
    await (await startLocal({ app: outdir })).stop();
    const starts: number[] = [];
    for (let i = 0; i < STARTS; i++) {
      const started = process.hrtime.bigint();
      const app = await startLocal({ app: outdir });
      starts.push(ms(started));
      await app.stop();
    }

    const app = await startLocal({ app: outdir });
    try {
      const pool = app.pool();
      const api = app.api();
      await (await pool.createUser()).signIn(); // warm: the pool's rules read, the worker started
      const users: number[] = [];
      for (let i = 0; i < USERS; i++) {
        const started = process.hrtime.bigint();
        await (await pool.createUser()).signIn();
        users.push(ms(started));
      }

      const user = await pool.createUser();
      const { accessToken } = await user.signIn();
      const url = `${api.url}protected`;
      const plain = async () => (await fetch(url, { headers: { authorization: `Bearer ${accessToken}` } })).arrayBuffer();
      const wrapped = async () => (await api.fetch('/protected', { as: user })).arrayBuffer();
      const timeOf = async (call: () => Promise<unknown>) => {
        const started = process.hrtime.bigint();
        for (let i = 0; i < CALLS; i++) await call();
        return ms(started) / CALLS;
      };
      await timeOf(plain);
      await timeOf(wrapped);
      const ratios: number[] = [];
      const plainTimes: number[] = [];
      const wrappedTimes: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const [first, second] = round % 2 === 0 ? [plain, wrapped] : [wrapped, plain];
        const a = await timeOf(first);
        const b = await timeOf(second);
        const [p, w] = round % 2 === 0 ? [a, b] : [b, a];
        plainTimes.push(p);
        wrappedTimes.push(w);
        ratios.push(w / p);
      }

      const verdict = (ok: boolean) => ok ? 'target met' : 'TARGET MISSED';
      console.log('Testing entry point (cdk-cognito-protected-http-api/local), blog stack, moto installed:');
      console.log(`  startLocal() to ready: ${median(starts).toFixed(0)} ms median of ${STARTS} (${starts.map((v) => v.toFixed(0)).join(', ')}); target ≤ 1500 ms: ${verdict(median(starts) <= 1500)}`);
      console.log(`  createUser() + signIn(): ${median(users).toFixed(1)} ms median of ${USERS}; target ≤ 60 ms: ${verdict(median(users) <= 60)}`);
      console.log(`  GET /protected: api.fetch({ as: user }) ${median(wrappedTimes).toFixed(2)} ms, plain fetch with the token ${median(plainTimes).toFixed(2)} ms`);
      console.log(`  api.fetch / fetch: ${median(ratios).toFixed(3)}× (median of ${ROUNDS} interleaved rounds × ${CALLS} calls); target ≤ 1.1×: ${verdict(median(ratios) <= 1.1)}`);
    } finally {
      await app.stop();
    }
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

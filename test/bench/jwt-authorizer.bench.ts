import * as fs from 'fs';
import * as https from 'https';
import { createRequire } from 'module';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { JwtVerifier } from 'aws-jwt-verify';
import { buildSync } from 'esbuild';
import {
  accessTokenClaims,
  ASSET,
  authorizerConfig,
  authorizerEvent,
  AuthorizerModule,
  COGNITO_ISSUER,
  generateKeys,
  JwksServer,
  OTHER_AUDIENCE,
  OTHER_ISSUER,
  sign,
} from '../handlers/jwt-authorizer/fixtures';

/**
 * The bundled JWT Lambda authorizer (assets/handlers/jwt-authorizer.lambda/index.js, built by `npx projen bundle`):
 *
 * 1. verifications per second of the handler against raw aws-jwt-verify `JwtVerifier.verify` on the
 *    same tokens — one process, interleaved batches, alternating order; median of per-round ratios
 *    (target ≥ 0.95×). The ratio uses CPU time (`process.cpuUsage`): on a shared machine wall-clock
 *    rates swing by ±20 % between batches; wall-clock rates are printed too;
 * 2. cold start: loading the bundle + hydrating its JWKS from a local TLS server (new TLS connection
 *    each time);
 * 3. bundle size (target ≤ 50 KB), and what `esbuild --minify` would make of it.
 *
 * BENCH_ROUNDS (default 40), BENCH_BATCH (default 1000) and BENCH_COLD_STARTS (default 20) scale the run.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const BATCH = Number(process.env.BENCH_BATCH ?? 1000);
const COLD_STARTS = Number(process.env.BENCH_COLD_STARTS ?? 20);
const KB = 1000;

const load = createRequire(__filename);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** A cold start: fresh copy of the bundle, then its JWKS fetch, over a new TLS connection. */
async function coldStart(config: unknown): Promise<{ mod: AuthorizerModule; loadMs: number; readyMs: number }> {
  https.globalAgent.destroy(); // no reused keep-alive socket
  delete load.cache[ASSET];
  process.env.AUTHORIZER_CONFIG = JSON.stringify(config);
  const start = process.hrtime.bigint();
  const mod = load(ASSET) as AuthorizerModule;
  const loaded = process.hrtime.bigint();
  await mod.ready;
  const ready = process.hrtime.bigint();
  delete process.env.AUTHORIZER_CONFIG;
  return { mod, loadMs: Number(loaded - start) / 1e6, readyMs: Number(ready - start) / 1e6 };
}

/** Verifications per second of CPU time (this process) and of wall-clock time, over one batch. */
async function opsPerSecond(verify: () => Promise<unknown>): Promise<{ cpu: number; wall: number }> {
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < BATCH; i++) await verify();
  const cpu = process.cpuUsage(cpuStart);
  return { cpu: BATCH / ((cpu.user + cpu.system) / 1e6), wall: BATCH / (Number(process.hrtime.bigint() - start) / 1e9) };
}

async function main() {
  const keys = await generateKeys();
  const server = await JwksServer.start(keys);
  const config = authorizerConfig(server.base);
  try {
    // ---- cold start ------------------------------------------------------------------------------
    const colds = [];
    for (let i = 0; i < COLD_STARTS; i++) colds.push(await coldStart(config));
    const { mod } = colds[colds.length - 1];

    // ---- throughput ------------------------------------------------------------------------------
    const rawPool = JwtVerifier.create({ issuer: COGNITO_ISSUER, audience: null, jwksUri: `${server.base}/pool/jwks.json` });
    const rawOther = JwtVerifier.create({ issuer: OTHER_ISSUER, audience: OTHER_AUDIENCE, jwksUri: `${server.base}/other/jwks.json` });
    await Promise.all([rawPool.hydrate(), rawOther.hydrate()]);

    const cases = [
      { name: 'Cognito access token, RS256, route needs a scope', routeKey: 'GET /items', token: await sign(keys.poolRsa, accessTokenClaims({ exp: Math.floor(Date.now() / 1000) + 3600 })), raw: rawPool },
      { name: 'Cognito access token, ES256, route needs a group', routeKey: 'DELETE /items/{id}', token: await sign(keys.poolEc, accessTokenClaims({ exp: Math.floor(Date.now() / 1000) + 3600 })), raw: rawPool },
      {
        name: 'second issuer (generic OIDC), RS256, no requirements',
        routeKey: 'GET /unlisted',
        token: await sign(keys.other, { sub: 'bob', iss: OTHER_ISSUER, aud: OTHER_AUDIENCE, exp: Math.floor(Date.now() / 1000) + 3600 }),
        raw: rawOther,
      },
    ];

    console.log(`jwt-authorizer bench: ${ROUNDS} rounds × ${BATCH} sequential verifications per side, interleaved; Node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(2)}\n`);
    const summary: string[] = [];
    for (const c of cases) {
      const event = authorizerEvent(c.routeKey, `Bearer ${c.token}`);
      const viaHandler = async () => {
        const result = await mod.handler(event);
        if (!result.isAuthorized) throw new Error(`${c.name}: denied`);
      };
      const viaRaw = () => c.raw.verify(c.token);
      for (let i = 0; i < 3; i++) { await opsPerSecond(viaHandler); await opsPerSecond(viaRaw); } // warm-up
      const handlerOps: Array<{ cpu: number; wall: number }> = [];
      const rawOps: Array<{ cpu: number; wall: number }> = [];
      const ratios: number[] = [];
      const wallRatios: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        let h: { cpu: number; wall: number }, r: { cpu: number; wall: number };
        if (round % 2 === 0) {
          h = await opsPerSecond(viaHandler);
          r = await opsPerSecond(viaRaw);
        } else {
          r = await opsPerSecond(viaRaw);
          h = await opsPerSecond(viaHandler);
        }
        handlerOps.push(h);
        rawOps.push(r);
        ratios.push(h.cpu / r.cpu);
        wallRatios.push(h.wall / r.wall);
      }
      const ratio = median(ratios);
      summary.push(`${ratio >= 0.95 ? 'OK  ' : 'MISS'} ${fmt(ratio, 3)}×  ${c.name}`);
      console.log(`${c.name}`);
      console.log(`  handler              ${fmt(median(handlerOps.map((x) => x.cpu))).padStart(8)} /CPU-s  ${fmt(median(handlerOps.map((x) => x.wall))).padStart(8)} /s wall (medians)`);
      console.log(`  raw JwtVerifier      ${fmt(median(rawOps.map((x) => x.cpu))).padStart(8)} /CPU-s  ${fmt(median(rawOps.map((x) => x.wall))).padStart(8)} /s wall (medians)`);
      console.log(`  handler / raw        ${fmt(ratio, 3)}× CPU (per-round min ${fmt(Math.min(...ratios), 3)}, max ${fmt(Math.max(...ratios), 3)}); ${fmt(median(wallRatios), 3)}× wall; target ≥ 0.95×\n`);
    }

    const first = colds[0];
    const warm = colds.slice(1);
    console.log(`Cold start (load bundle + hydrate 2 JWKS over new TLS connections to 127.0.0.1; ${COLD_STARTS} runs)`);
    console.log(`  first in process     load ${fmt(first.loadMs, 2)} ms, ready ${fmt(first.readyMs, 2)} ms`);
    console.log(`  later (median)       load ${fmt(median(warm.map((x) => x.loadMs)), 2)} ms, ready ${fmt(median(warm.map((x) => x.readyMs)), 2)} ms\n`);

    // ---- size ------------------------------------------------------------------------------------
    const code = fs.readFileSync(ASSET);
    const minified = buildSync({
      entryPoints: [path.join(__dirname, '../../src/handlers/jwt-authorizer.lambda.ts')],
      bundle: true,
      minify: true,
      platform: 'node',
      target: 'node22',
      external: ['@aws-sdk/*'],
      tsconfig: path.join(__dirname, '../tsconfig.json'),
      write: false,
    }).outputFiles[0].contents;
    const sizeOk = code.length <= 50 * KB;
    console.log('Bundle size (target ≤ 50 KB = 50 000 bytes)');
    console.log(`  as built (projen, not minified)  ${fmt(code.length).padStart(7)} bytes, gzip ${fmt(zlib.gzipSync(code).length).padStart(6)}  ${sizeOk ? 'OK' : 'OVER'}`);
    console.log(`  esbuild --minify                 ${fmt(minified.length).padStart(7)} bytes, gzip ${fmt(zlib.gzipSync(minified).length).padStart(6)}\n`);

    console.log('Summary (handler / raw aws-jwt-verify, target ≥ 0.95×)');
    for (const line of summary) console.log(`  ${line}`);
    console.log(`  ${sizeOk ? 'OK  ' : 'OVER'} bundle ${fmt(code.length / KB, 1)} KB (minified ${fmt(minified.length / KB, 1)} KB); cold start ${fmt(first.readyMs, 1)} ms first, ${fmt(median(warm.map((x) => x.readyMs)), 1)} ms median`);
  } finally {
    await server.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

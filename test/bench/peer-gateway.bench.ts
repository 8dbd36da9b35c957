import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildSync } from 'esbuild';
import { median } from './stats';
import { LocalRunner } from '../../src/local/app/runner';
import { BlogExampleStack } from '../example/blog-example-stack';
import { signedInUser, tampered } from '../local/helpers';

/**
 * The local gateway (src/local) side by side with serverless-offline 13.10 (on Serverless Framework
 * v3) on the same Node.js handler — the bundled whoami function (assets/handlers/whoami.lambda),
 * which answers 200 JSON with the JWT claims it received — behind a JWT authorizer:
 *
 * - the runner: its CLI (`cdk-cognito-protected-http-api local`, bundled from the current sources
 *   as `bundle:local-cli` does) on the blog stack, `GET /protected` (issuer and audience checked,
 *   the signature verified against the pool's JWKS);
 * - serverless-offline, default mode (worker threads) and `--useInProcess`: an `httpApi` route
 *   with a `provider.httpApi.authorizers` JWT authorizer (identity source, issuer URL, audience;
 *   `--ignoreJWTSignature`, without which serverless-offline runs no JWT check at all: it checks
 *   the claims and never the signature).
 *
 * One token for all three: the ID token of a user signed in through the runner's Cognito endpoint.
 * Each round measures, for each server in an order rotated per round: requests per second with
 * BENCH_CONCURRENCY (default 10) keep-alive connections for BENCH_REQUESTS (default 2000) requests,
 * in BENCH_SLICES (default 4) turns taken by the servers one after the other (after BENCH_WARM_UP,
 * default 1000, requests each), then the p50 latency of BENCH_LATENCY_REQUESTS (default 300)
 * requests on one keep-alive connection. BENCH_ROUNDS (default 6) rounds; per-round ratios and their medians. Each server runs
 * in a process of its own and prints what it prints by default — serverless-offline its request
 * log (about 200 bytes a request), the runner its access log line — into a pipe this process drains
 * (BENCH_QUIET=1: the runner with `--quiet`). Loopback only;
 * every server started is stopped (the serverless-offline processes by their process group id) on
 * every exit.
 *
 * serverless and serverless-offline come from the project's node_modules or from `.bench/sls/`
 * (BENCH_SLS_DIR), e.g. `npm install --prefix .bench/sls serverless@3.39.0 serverless-offline@13.10.1`.
 */
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const LATENCY_REQUESTS = Number(process.env.BENCH_LATENCY_REQUESTS ?? 300);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);
const QUIET = process.env.BENCH_QUIET === '1';
const SLICES = Number(process.env.BENCH_SLICES ?? 4);
const WARM_UP = Number(process.env.BENCH_WARM_UP ?? 1000);
const ROOT = path.resolve(__dirname, '..', '..');
const SLS_DIR = path.resolve(ROOT, process.env.BENCH_SLS_DIR ?? '.bench/sls');
const WHOAMI = path.join(ROOT, 'assets', 'handlers', 'whoami.lambda', 'index.js');

interface Target {
  readonly name: string;
  readonly url: string;
  readonly many: http.Agent;
  readonly one: http.Agent;
}

function target(name: string, url: string): Target {
  return {
    name,
    url,
    many: new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY }),
    one: new http.Agent({ keepAlive: true, maxSockets: 1 }),
  };
}

function get(url: string, agent: http.Agent | false, token?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http.get(url, { agent, headers: token ? { authorization: token } : {} }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf-8') }));
    }).on('error', reject);
  });
}

/** Requests per second for `count` requests, CONCURRENCY at a time; every answer must be 200. */
async function rate(server: Target, count: number, token: string): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  const worker = async () => {
    while (next < count) {
      next++;
      const { status } = await get(server.url, server.many, token);
      if (status !== 200) throw new Error(`${server.name}: ${server.url} answered ${status}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return count / (Number(process.hrtime.bigint() - started) / 1e9);
}

/** The median latency (ms) of `count` requests one after the other on one keep-alive connection. */
async function p50(server: Target, count: number, token: string): Promise<number> {
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = process.hrtime.bigint();
    const { status } = await get(server.url, server.one, token);
    latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (status !== 200) throw new Error(`${server.name}: ${server.url} answered ${status}`);
  }
  return median(latencies);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    }).on('error', reject);
  });
}

/** serverless's CLI entry, from the project's node_modules or SLS_DIR; serverless-offline must sit beside it. */
function serverlessCli(): string {
  for (const base of [ROOT, SLS_DIR]) {
    try {
      const cli = require.resolve('serverless/bin/serverless.js', { paths: [base] });
      require.resolve('serverless-offline', { paths: [path.dirname(path.dirname(path.dirname(cli)))] });
      return cli;
    } catch {
      // not installed there
    }
  }
  throw new Error(`serverless v3 and serverless-offline are not installed: npm install --prefix ${path.relative(ROOT, SLS_DIR)} serverless@3.39.0 serverless-offline@13.10.1`);
}

/**
 * A server in a process of its own (and its own process group: stopped with whatever it started, by
 * the group's id), its output drained as a terminal would, counted, its tail kept for errors.
 */
class ChildServer {
  private child?: ChildProcess;
  private output = '';
  /** What it printed (its log of each request). */
  bytes = 0;
  readonly exited: Promise<never>;

  constructor(readonly name: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }) {
    this.child = spawn(process.execPath, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [this.child.stdout!, this.child.stderr!]) {
      stream.on('data', (chunk: Buffer) => {
        this.output = (this.output + chunk.toString('utf-8')).slice(-4000);
        this.bytes += chunk.length;
      });
    }
    this.exited = new Promise<never>((_, reject) => this.child!.once('exit', (code, signal) => {
      this.child = undefined;
      reject(new Error(`${name} exited (${signal ?? code}):\n${this.output}`));
    }));
    this.exited.catch(() => {});
  }

  /** Resolves once `ready()` answers something (polled), rejects if the process exits first or after 120 s. */
  async until<T>(ready: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + 120_000;
    const poll = async (): Promise<T> => {
      while (Date.now() < deadline) {
        const value = await ready().catch(() => undefined);
        if (value !== undefined) return value;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      throw new Error(`${this.name} was not ready within 120 s:\n${this.output}`);
    };
    return Promise.race([poll(), this.exited]);
  }

  /** Synchronous: safe in an exit handler. */
  kill(): void {
    if (this.child?.pid !== undefined) {
      try {
        process.kill(-this.child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }

  /** SIGTERM (the runner's CLI then stops moto and its sandboxes), SIGKILL after 10 s; then the rest of its group. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child?.pid) return;
    const gone = this.exited.catch(() => undefined);
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => this.kill(), 10_000);
    await gone;
    clearTimeout(timer);
    try {
      process.kill(-child.pid, 'SIGKILL'); // anything it left in its group
    } catch {
      // none left
    }
  }
}

/** serverless-offline on `port` (default mode, or with `extraArgs`), JWT checks on (signatures ignored: all it can do). */
function serverlessOffline(serviceDir: string, port: number, lambdaPort: number, extraArgs: string[]): ChildServer {
  const args = [serverlessCli(), 'offline', 'start', '--host', '127.0.0.1', '--httpPort', String(port), '--lambdaPort', String(lambdaPort),
    '--ignoreJWTSignature', ...extraArgs];
  return new ChildServer(`serverless offline ${extraArgs.join(' ')}`, args, {
    cwd: serviceDir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: serviceDir, // no ~/.serverlessrc, no ~/.aws: nothing of the user's read or written
      SLS_TELEMETRY_DISABLED: '1',
      SLS_TRACKING_DISABLED: '1',
      SLS_NOTIFICATIONS_MODE: 'off',
      SLS_DEPRECATION_DISABLE: '*',
      SLS_DISABLE_AUTO_UPDATE: '1',
      SLS_INTERACTIVE_SETUP_DISABLE: '1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_REGION: 'us-east-1',
    },
  });
}

/**
 * The runner's CLI as it ships (src/local/app/cli.ts bundled by esbuild, as `bundle:local-cli` does,
 * from the current sources, with the worker scripts beside it) into `dir`.
 */
function bundleCli(dir: string): string {
  const outfile = path.join(dir, 'cli.js');
  buildSync({ entryPoints: [path.join(ROOT, 'src/local/app/cli.ts')], bundle: true, platform: 'node', target: 'node20', outfile, logLevel: 'warning' });
  fs.mkdirSync(path.join(dir, 'workers'));
  for (const worker of ['node-worker.js', 'python-worker.py']) {
    fs.copyFileSync(path.join(ROOT, 'src/local/lambda/workers', worker), path.join(dir, 'workers', worker));
  }
  return outfile;
}

/** A serverless service: the whoami bundle as `index.handler`, `GET /protected` behind the pool's JWT authorizer. */
function writeService(issuerUrl: string, audience: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-local-bench-sls-'));
  fs.copyFileSync(WHOAMI, path.join(dir, 'index.js'));
  const service = {
    service: 'bench-peer',
    frameworkVersion: '3',
    provider: {
      name: 'aws',
      runtime: 'nodejs20.x',
      region: 'us-east-1',
      httpApi: { authorizers: { cognito: { identitySource: '$request.header.Authorization', issuerUrl, audience: [audience] } } },
    },
    functions: {
      whoami: { handler: 'index.handler', events: [{ httpApi: { method: 'GET', path: '/protected', authorizer: { name: 'cognito' } } }] },
    },
    plugins: ['serverless-offline'],
  };
  fs.writeFileSync(path.join(dir, 'serverless.json'), JSON.stringify(service, null, 2));
  return dir;
}

/** The whoami answer must carry the token's subject: the claims went through. */
async function check(server: Target, token: string, sub: string, forged: string): Promise<string> {
  const { status, body } = await get(server.url, server.many, token);
  if (status !== 200 || JSON.parse(body).subject !== sub) throw new Error(`${server.name} answered ${status} ${body}`);
  const anonymous = await get(server.url, server.many);
  if (anonymous.status !== 401) throw new Error(`${server.name} let a request without a token through (${anonymous.status})`);
  return `no token → ${anonymous.status}, forged signature → ${(await get(server.url, server.many, forged)).status}`;
}

const fmt = (values: number[], digits = 2) => values.map((value) => value.toFixed(digits)).join('  ');

async function main(): Promise<void> {
  const cleanups: Array<() => void> = [];
  const killAll = () => cleanups.forEach((cleanup) => cleanup());
  process.once('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      killAll();
      process.exit(130);
    });
  }

  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-local-bench-'));
  cleanups.push(() => fs.rmSync(outdir, { recursive: true, force: true }));
  const app = new App({ analyticsReporting: false, outdir });
  new BlogExampleStack(app, 'BlogExampleStack');
  app.synth();
  // The runner as a developer runs it: `cdk-cognito-protected-http-api local`, its access log on stdout
  // (BENCH_QUIET=1: `--quiet`), in a process of its own as serverless-offline is.
  const endpointsFile = path.join(outdir, 'bench-endpoints.json');
  const cli = bundleCli(fs.mkdtempSync(path.join(outdir, 'cli-')));
  const servers: ChildServer[] = [];
  const started = (server: ChildServer) => {
    servers.push(server);
    cleanups.unshift(() => server.kill());
    return server;
  };
  const targets: Target[] = [];
  try {
    const runner = started(new ChildServer('the runner', [cli, 'local', '--app', outdir, '--port', '0', '--endpoints', endpointsFile, ...QUIET ? ['--quiet'] : []], {
      cwd: outdir, env: process.env,
    }));
    const endpoints = await runner.until(async () => fs.existsSync(endpointsFile) ? JSON.parse(fs.readFileSync(endpointsFile, 'utf-8')) : undefined);
    const stack = endpoints.stacks.find((candidate: { id: string }) => candidate.id === 'BlogExampleStack');
    const pool = stack.userPools[0];
    const clientId = pool.clients[0].clientId;
    const tokens = await signedInUser({ cognitoEndpoint: endpoints.cognitoEndpoint } as LocalRunner, stack.region, pool.userPoolId, clientId);
    const token = tokens.idToken;
    const issuer = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf-8')).iss as string;

    const serviceDir = writeService(issuer, clientId);
    cleanups.push(() => fs.rmSync(serviceDir, { recursive: true, force: true }));
    const peers: ChildServer[] = [];
    const ports: number[] = [];
    for (const args of [[], ['--useInProcess']]) {
      const port = await freePort();
      ports.push(port);
      peers.push(started(serverlessOffline(serviceDir, port, await freePort(), args)));
    }
    await Promise.all(peers.map((peer, i) => peer.until(() => get(`http://127.0.0.1:${ports[i]}/protected`, false))));

    targets.push(
      target('runner', `${stack.apis[0].url}protected`),
      target('sls default', `http://127.0.0.1:${ports[0]}/protected`),
      target('sls in-process', `http://127.0.0.1:${ports[1]}/protected`),
    );
    const forged = tampered(token, { 'custom:forged': 'yes' });
    for (const server of targets) console.log(`  ${server.name.padEnd(15)} ${server.url}: ${await check(server, token, tokens.sub, forged)}`);

    // Warm-up: worker processes and threads started, the JWKS fetched, the JIT warm.
    for (const server of targets) {
      await rate(server, WARM_UP, token);
      await p50(server, 100, token);
    }

    const rates: number[][] = targets.map(() => []);
    const latencies: number[][] = targets.map(() => []);
    for (let round = 0; round < ROUNDS; round++) {
      // Rotated (none always runs first, or after the same one), and in SLICES turns, so that the
      // servers of one round share the machine's load (other processes come and go within seconds).
      const order = targets.map((_, k) => (round + k) % targets.length);
      const seconds = targets.map(() => 0);
      for (let slice = 0; slice < SLICES; slice++) {
        for (const i of order) seconds[i] += (REQUESTS / SLICES) / await rate(targets[i], REQUESTS / SLICES, token);
      }
      order.forEach((i) => rates[i].push(REQUESTS / seconds[i]));
      for (const i of order) latencies[i].push(await p50(targets[i], LATENCY_REQUESTS, token));
    }

    const [runnerRates, defaultRates, inProcessRates] = rates;
    const vsInProcess = runnerRates.map((value, i) => value / inProcessRates[i]);
    const vsDefault = runnerRates.map((value, i) => value / defaultRates[i]);
    console.log(`\nThe runner against serverless-offline 13.10 (same whoami handler, JWT authorizer), ${ROUNDS} interleaved rounds, loopback, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}:`);
    console.log(`  ${CONCURRENCY} connections, ${REQUESTS} requests per round and server (req/s; median, then per round):`);
    targets.forEach((server, i) => console.log(`    ${server.name.padEnd(15)} ${median(rates[i]).toFixed(0).padStart(6)}   ${fmt(rates[i], 0)}`));
    console.log(`  runner / in-process: ${median(vsInProcess).toFixed(2)}× median, min ${Math.min(...vsInProcess).toFixed(2)}×   rounds: ${fmt(vsInProcess)}`);
    console.log(`  runner / default:    ${median(vsDefault).toFixed(2)}× median, min ${Math.min(...vsDefault).toFixed(2)}×   rounds: ${fmt(vsDefault)}`);
    console.log(`  1 connection, p50 of ${LATENCY_REQUESTS} requests (ms; median, then per round):`);
    targets.forEach((server, i) => console.log(`    ${server.name.padEnd(15)} ${median(latencies[i]).toFixed(2).padStart(6)}   ${fmt(latencies[i])}`));
    const served = 2 + WARM_UP + 100 + ROUNDS * (REQUESTS + LATENCY_REQUESTS); // check, warm-up, rounds
    const printed = servers.map((server, i) => `${targets[i].name} ${(server.bytes / served).toFixed(0)} bytes`).join(', ');
    console.log(`  printed per request (stdout and stderr, start-up included): ${printed}${QUIET ? ' (the runner with --quiet)' : ''}`);
  } finally {
    targets.forEach((server) => {
      server.many.destroy();
      server.one.destroy();
    });
    await Promise.all(servers.map((server) => server.stop()));
    killAll();
    process.off('exit', killAll);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

import { spawn, spawnSync, ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The Cognito emulator: moto in server mode, pinned (see the README's "Run it locally"). */
export const MOTO_REQUIREMENT = 'moto[server]==5.2.5';
export const MOTO_VERSION = '5.2.5';

/** Environment variable overriding where moto's virtualenv lives. */
export const MOTO_VENV_ENV = 'CDK_COGNITO_LOCAL_MOTO_VENV';

export class MotoError extends Error {}

/** Where the venv lives: `$CDK_COGNITO_LOCAL_MOTO_VENV`, else `$XDG_CACHE_HOME|~/.cache/cdk-cognito-protected-http-api/moto-<version>`. */
export function defaultVenvDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env[MOTO_VENV_ENV]) return path.resolve(env[MOTO_VENV_ENV]!);
  const cache = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cache, 'cdk-cognito-protected-http-api', `moto-${MOTO_VERSION}`);
}

function venvPython(venv: string): string {
  return process.platform === 'win32' ? path.join(venv, 'Scripts', 'python.exe') : path.join(venv, 'bin', 'python');
}

function findPython(): string {
  for (const candidate of process.platform === 'win32' ? ['python', 'py'] : ['python3', 'python']) {
    const probe = spawnSync(candidate, ['-c', 'import sys; print(sys.version_info >= (3, 9))'], { encoding: 'utf-8' });
    if (probe.status === 0 && probe.stdout.trim() === 'True') return candidate;
  }
  throw new MotoError('Python 3.9 or newer is needed to run the Cognito emulator (moto): install python3 and try again');
}

/**
 * Creates the venv with moto on first use (about a minute; needs PyPI), then reuses it.
 * A venv is built in a temporary directory and renamed, so an interrupted install never counts.
 */
export function ensureMotoVenv(venv = defaultVenvDir(), log: (line: string) => void = () => {}): string {
  const python = venvPython(venv);
  if (fs.existsSync(path.join(venv, '.installed'))) return python;
  const staging = `${venv}.tmp-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(venv), { recursive: true });
  log(`Installing ${MOTO_REQUIREMENT} into ${venv} (first run only, about a minute)…`);
  const run = (command: string, args: string[]) => {
    const result = spawnSync(command, args, { encoding: 'utf-8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (result.status !== 0) {
      fs.rmSync(staging, { recursive: true, force: true });
      throw new MotoError(`"${command} ${args.join(' ')}" failed:\n${result.stderr || result.stdout || result.error}`);
    }
  };
  run(findPython(), ['-m', 'venv', staging]);
  run(venvPython(staging), ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', MOTO_REQUIREMENT]);
  fs.writeFileSync(path.join(staging, '.installed'), `${MOTO_REQUIREMENT}\n`);
  if (fs.existsSync(path.join(venv, '.installed'))) {
    // Another process (a parallel test file) finished first: use its venv.
    fs.rmSync(staging, { recursive: true, force: true });
    return python;
  }
  fs.rmSync(venv, { recursive: true, force: true });
  fs.renameSync(staging, venv);
  return python;
}

/** A running moto server. */
export interface MotoServer {
  /** e.g. `http://127.0.0.1:43117` */
  readonly endpoint: string;
  readonly python: string;
  readonly pid?: number;
  /**
   * Called once if moto exits without `stop()` (killed, crashed): with what ended it, e.g.
   * `signal SIGKILL` or `exit code 1`.
   */
  onUnexpectedExit(listener: (how: string) => void): void;
  stop(): Promise<void>;
}

function waitForPort(child: ChildProcess, timeoutMs: number): Promise<number> {
  return new Promise((resolvePort, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(`moto did not start within ${timeoutMs / 1000} s`), timeoutMs);
    const fail = (message: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new MotoError(`${message}\n${output}`));
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Running on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stderr?.off('data', onData);
        // Keep draining moto's request log so the pipe never fills.
        child.stdout?.resume();
        child.stderr?.resume();
        resolvePort(Number(match[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => fail(`moto exited (code ${code}) before listening`));
  });
}

/**
 * moto's server, plus a watchdog: when the runner's end of stdin closes (the runner exited, even by
 * SIGKILL), moto exits too — no emulator is ever left behind.
 */
const MOTO_MAIN = [
  'import os, sys, threading',
  'def watch():',
  '    sys.stdin.buffer.read()',
  '    os._exit(0)',
  'threading.Thread(target=watch, daemon=True).start()',
  'from moto.server import main',
  'main(sys.argv[1:])',
].join('\n');

/** Starts moto on 127.0.0.1 (`port` 0 = a free port chosen by the OS). */
export async function startMoto(options: { venv?: string; port?: number; log?: (line: string) => void } = {}): Promise<MotoServer> {
  const python = ensureMotoVenv(options.venv, options.log);
  const child = spawn(python, ['-c', MOTO_MAIN, '-H', '127.0.0.1', '-p', String(options.port ?? 0)], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, PYTHONUNBUFFERED: '1', MOTO_ALLOW_NONEXISTENT_REGION: 'true' },
  });
  const stopOnExit = () => child.kill('SIGKILL');
  process.once('exit', stopOnExit);
  const port = await waitForPort(child, 30_000);
  child.stdout?.on('data', () => {});
  child.stderr?.on('data', () => {});
  let stopping = false;
  const listeners: Array<(how: string) => void> = [];
  child.once('exit', (code, signal) => {
    process.off('exit', stopOnExit);
    if (!stopping) listeners.forEach((listener) => listener(signal ? `signal ${signal}` : `exit code ${code}`));
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    python,
    pid: child.pid,
    onUnexpectedExit: (listener) => listeners.push(listener),
    stop: () => new Promise<void>((resolveStop) => {
      stopping = true;
      process.off('exit', stopOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return resolveStop();
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolveStop();
      });
      child.kill('SIGTERM');
    }),
  };
}

import { spawn, spawnSync, ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The Cognito emulator: moto in server mode, pinned (see the README's "Run it locally"). */
export const MOTO_REQUIREMENT = 'moto[server]==5.2.5';
export const MOTO_VERSION = '5.2.5';

/** uv, pinned: installs moto in a few seconds (see {@link ensureMotoVenv}). */
export const UV_VERSION = '0.13.10';
/** The oldest uv on the PATH that is used instead of bootstrapping {@link UV_VERSION} (`uv venv --relocatable`). */
const UV_MINIMUM = [0, 5, 0];

/** Environment variable overriding where moto's virtualenv lives. */
export const MOTO_VENV_ENV = 'CDK_COGNITO_LOCAL_MOTO_VENV';

/** The error when `python -m venv` cannot create a venv with pip (Debian's python3 without python3-venv). */
export const VENV_MISSING = "Python's venv module is missing: install python3-venv (apt-get install python3-venv) and try again";

export class MotoError extends Error {}

/** This package's cache: `$XDG_CACHE_HOME|~/.cache/cdk-cognito-protected-http-api`. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'cdk-cognito-protected-http-api');
}

/** Where the venv lives: `$CDK_COGNITO_LOCAL_MOTO_VENV`, else `$XDG_CACHE_HOME|~/.cache/cdk-cognito-protected-http-api/moto-<version>`. */
export function defaultVenvDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env[MOTO_VENV_ENV]) return path.resolve(env[MOTO_VENV_ENV]!);
  return path.join(cacheRoot(env), `moto-${MOTO_VERSION}`);
}

function venvPython(venv: string): string {
  return process.platform === 'win32' ? path.join(venv, 'Scripts', 'python.exe') : path.join(venv, 'bin', 'python');
}

interface Python {
  /** What was run: `python3`, … */
  readonly command: string;
  /** Its `sys.executable` (past pyenv's shims), for `uv venv --python`. */
  readonly executable: string;
}

function findPython(env: NodeJS.ProcessEnv): Python {
  for (const command of process.platform === 'win32' ? ['python', 'py'] : ['python3', 'python']) {
    const probe = spawnSync(command, ['-c', 'import sys; print(sys.version_info >= (3, 9)); print(sys.executable)'], { encoding: 'utf-8', env });
    const [ok, executable] = (probe.stdout ?? '').trim().split(/\r?\n/);
    if (probe.status === 0 && ok === 'True') return { command, executable: executable || command };
  }
  throw new MotoError('Python 3.9 or newer is needed to run the Cognito emulator (moto): install python3 and try again');
}

interface Outcome {
  readonly ok: boolean;
  /** stderr, else stdout, else the spawn error. */
  readonly output: string;
}

function attempt(command: string, args: string[], env: NodeJS.ProcessEnv): Outcome {
  const result = spawnSync(command, args, { encoding: 'utf-8', stdio: ['ignore', 'pipe', 'pipe'], env });
  return { ok: result.status === 0, output: result.stderr || result.stdout || String(result.error ?? `exit code ${result.status}`) };
}

/** The last non-empty line of a tool's output: the reason in a log line. */
function lastLine(output: string): string {
  return output.trim().split(/\r?\n/).filter((line) => line.trim()).pop()?.trim() ?? '';
}

/** Renames a finished staging directory into place, unless another process got there first. */
function publish(staging: string, target: string, done: (dir: string) => boolean): void {
  if (done(target)) {
    fs.rmSync(staging, { recursive: true, force: true });
    return;
  }
  fs.rmSync(target, { recursive: true, force: true });
  try {
    fs.renameSync(staging, target);
  } catch (error) {
    // Another process renamed its copy in between: use that one.
    fs.rmSync(staging, { recursive: true, force: true });
    if (!done(target)) throw error;
  }
}

function uvBinary(dir: string): string | undefined {
  return [path.join(dir, 'bin', 'uv'), path.join(dir, 'Scripts', 'uv.exe')].find((file) => fs.existsSync(file));
}

function uvVersion(command: string, env: NodeJS.ProcessEnv): number[] | undefined {
  const probe = spawnSync(command, ['--version'], { encoding: 'utf-8', env });
  const match = probe.status === 0 ? /^uv (\d+)\.(\d+)\.(\d+)/.exec(probe.stdout ?? '') : null;
  return match ? match.slice(1).map(Number) : undefined;
}

const atLeast = (version: number[], minimum: number[]): boolean => {
  for (let i = 0; i < minimum.length; i++) if (version[i] !== minimum[i]) return version[i] > minimum[i];
  return true;
};

/**
 * The uv to install moto with: `uv` on the PATH (0.5 or newer), else uv {@link UV_VERSION} in the
 * cache, else that version installed there now with the Python's pip (`pip install --target`, about
 * 2 s). When none can be had (no pip, no wheel for this platform, offline): why not.
 */
function findUv(python: Python, env: NodeJS.ProcessEnv): { uv: string } | { reason: string } {
  const onPath = uvVersion('uv', env);
  if (onPath && atLeast(onPath, UV_MINIMUM)) return { uv: 'uv' };
  const dir = path.join(cacheRoot(env), `uv-${UV_VERSION}`);
  const usable = (target: string) => {
    const binary = uvBinary(target);
    return binary !== undefined && uvVersion(binary, env) !== undefined;
  };
  if (usable(dir)) return { uv: uvBinary(dir)! };
  const staging = `${dir}.tmp-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const install = attempt(python.command, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-deps', '--only-binary=:all:', '--target', staging, `uv==${UV_VERSION}`], env);
  if (!install.ok || !usable(staging)) {
    fs.rmSync(staging, { recursive: true, force: true });
    return { reason: install.ok ? 'its wheel has no uv binary that runs here' : lastLine(install.output) };
  }
  publish(staging, dir, usable);
  return { uv: uvBinary(dir)! };
}

/** uv's environment: no Python downloads (the venv uses the Python found); pip's index if one is set and uv's is not. */
function uvEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const uvEnv: NodeJS.ProcessEnv = { ...env, UV_PYTHON_DOWNLOADS: env.UV_PYTHON_DOWNLOADS ?? 'never' };
  if (env.PIP_INDEX_URL && !env.UV_DEFAULT_INDEX && !env.UV_INDEX_URL) uvEnv.UV_DEFAULT_INDEX = env.PIP_INDEX_URL;
  return uvEnv;
}

/** Which installer {@link ensureMotoVenv} uses: `auto` is uv when it can be had, else pip. */
export type MotoInstaller = 'auto' | 'uv' | 'pip';

export interface EnsureMotoVenvOptions {
  /** Default `auto`; `uv` fails rather than fall back to pip (the benchmark compares the two). */
  readonly installer?: MotoInstaller;
  /** Where to find python3 and uv, and the cache (`XDG_CACHE_HOME`); default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Creates the venv with moto on first use, then reuses it: with uv (a few seconds), or with pip
 * (`python -m venv`, about a minute) when uv cannot be had or fails. A venv is built in a temporary
 * directory and renamed, so an interrupted install never counts; parallel processes each build
 * their own and the first rename wins. A venv whose Python is gone (a cache restored on a machine
 * with another Python) is built anew.
 */
export function ensureMotoVenv(venv = defaultVenvDir(), log: (line: string) => void = () => {}, options: EnsureMotoVenvOptions = {}): string {
  const env = options.env ?? process.env;
  const installer = options.installer ?? 'auto';
  const python = venvPython(venv);
  const installed = (dir: string) => fs.existsSync(path.join(dir, '.installed')) && fs.existsSync(venvPython(dir));
  if (installed(venv)) return python;
  const staging = `${venv}.tmp-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(venv), { recursive: true });
  const fail = (message: string): never => {
    fs.rmSync(staging, { recursive: true, force: true });
    throw new MotoError(message);
  };
  const failed = (command: string, args: string[], output: string) => `"${command} ${args.join(' ')}" failed:\n${output}`;
  const base = findPython(env);

  let by: string | undefined;
  if (installer !== 'pip') {
    const found = findUv(base, env);
    if ('reason' in found) {
      if (installer === 'uv') fail(`uv ${UV_VERSION} could not be installed: ${found.reason}`);
      log(`uv ${UV_VERSION} could not be installed (${found.reason}): installing ${MOTO_REQUIREMENT} into ${venv} with pip instead (first run only, about a minute)…`);
    } else {
      log(`Installing ${MOTO_REQUIREMENT} into ${venv} with uv (first run only, a few seconds)…`);
      const uvEnv = uvEnvironment(env);
      by = found.uv === 'uv' ? 'uv (PATH)' : `uv ${UV_VERSION}`;
      for (const args of [
        ['venv', '--quiet', '--relocatable', '--python', base.executable, staging],
        ['pip', 'install', '--quiet', '--python', venvPython(staging), MOTO_REQUIREMENT],
      ]) {
        const step = attempt(found.uv, args, uvEnv);
        if (step.ok) continue;
        if (installer === 'uv') fail(failed(found.uv, args, step.output));
        fs.rmSync(staging, { recursive: true, force: true });
        log(`uv failed (${lastLine(step.output)}): installing ${MOTO_REQUIREMENT} into ${venv} with pip instead (about a minute)…`);
        by = undefined;
        break;
      }
    }
  }
  if (!by) {
    if (installer === 'pip') log(`Installing ${MOTO_REQUIREMENT} into ${venv} with pip (first run only, about a minute)…`);
    by = 'pip';
    const venvArgs = ['-m', 'venv', staging];
    const created = attempt(base.command, venvArgs, env);
    // Debian's python3 without python3-venv: "ensurepip is not available" (a venv without pip is left).
    if (!created.ok) fail(/ensurepip|No module named venv/.test(created.output) ? VENV_MISSING : failed(base.command, venvArgs, created.output));
    const pipArgs = ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', MOTO_REQUIREMENT];
    const pip = attempt(venvPython(staging), pipArgs, env);
    if (!pip.ok) fail(failed(venvPython(staging), pipArgs, pip.output));
  }
  fs.writeFileSync(path.join(staging, '.installed'), `${MOTO_REQUIREMENT}\ninstalled by ${by}\n`);
  publish(staging, venv, installed);
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

import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MotoServer, startMoto } from './moto';
import { defaultEndpointsFile, LocalRunner, LocalRunnerOptions, RunnerReuse, startLocal } from './runner';
import { FrontState } from '../cognito/front';

/**
 * `--watch`: re-runs the app's synth command when its sources change and swaps the APIs, routes and
 * functions for the new assembly's, on the same ports, without restarting the emulator — users,
 * token keys, tables, items, objects and messages survive. A synth that fails keeps the last good
 * version serving and reports the error.
 */

export interface WatchOptions extends Omit<LocalRunnerOptions, 'moto' | 'reuse'> {
  /** The app's directory (cdk.json's): watched, and the synth command's working directory. */
  readonly appDir: string;
  /** A shell command that synthesizes the app into `$CDK_OUTDIR` (cdk.json's `app` does). */
  readonly synthCommand: string;
  /** Each reload's outcome (the CLI marks it in the access log). */
  readonly onReload?: (event: ReloadEvent) => void;
  /** Quiet time after the last change before the synth runs. Default 300 ms. */
  readonly debounceMs?: number;
}

export interface ReloadEvent {
  readonly ok: boolean;
  /** What changed (the first file seen). */
  readonly trigger?: string;
  readonly synthMs: number;
  /** From the change seen to the new version serving. */
  readonly totalMs: number;
  /** The synth's or the start's error, when not ok (the last good version keeps serving). */
  readonly error?: string;
  /** The access log's mark for this reload. */
  readonly line: string;
  /** Cognito resources new in the template that the reload did not create (`<stack>: <type> <logical id>, …`). */
  readonly notApplied: readonly string[];
}

export interface WatchingRunner {
  /** The version serving now. */
  readonly runner: LocalRunner;
  /** Synthesizes and swaps now (what a change triggers). */
  reload(trigger?: string): Promise<ReloadEvent>;
  stop(): Promise<void>;
}

/** The shell command of cdk.json's `app`, and its context for `CDK_CONTEXT_JSON`. */
export function readCdkJson(appDir: string): { app?: string; context: Record<string, unknown>; exclude: string[] } {
  const file = path.join(appDir, 'cdk.json');
  const json = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf-8')) : {};
  const contextFile = path.join(appDir, 'cdk.context.json');
  const saved = fs.existsSync(contextFile) ? JSON.parse(fs.readFileSync(contextFile, 'utf-8')) : {};
  return { app: json.app, context: { ...saved, ...json.context }, exclude: json.watch?.exclude ?? [] };
}

const IGNORED = new Set(['node_modules', 'cdk.out', '.git', '__pycache__', '.venv', 'local-endpoints.json', 'cdk.context.json']);

function runSynth(command: string, cwd: string, outdir: string, context: Record<string, unknown>): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolveSynth) => {
    const child = spawn(command, {
      cwd,
      shell: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify(context) },
    });
    let output = '';
    child.stdout!.on('data', (chunk) => { output += chunk; });
    child.stderr!.on('data', (chunk) => { output += chunk; });
    child.on('error', (error) => resolveSynth({ ok: false, output: `${output}${error.message}` }));
    child.on('exit', (code, signal) => resolveSynth({ ok: code === 0, output: code === 0 ? output : `${output}\n"${command}" exited with ${signal ?? `code ${code}`}` }));
  });
}

export async function startWatching(options: WatchOptions): Promise<WatchingRunner> {
  const log = options.log ?? (() => {});
  const moto: MotoServer = await startMoto({ venv: options.motoVenv, port: 0, log }); // the runner's Cognito front takes cognitoPort
  const reuse: RunnerReuse = { aws: new Map(), ports: new Map(), cognito: new Map(), front: new FrontState(), keys: new Map(), notApplied: [] };
  const generations = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-local-watch-'));
  let generation = 0;
  let current: LocalRunner;
  let currentDir = options.assemblyDir;
  const start = (assemblyDir: string) => startLocal({ ...options, assemblyDir, moto, reuse });
  try {
    current = await start(options.assemblyDir);
  } catch (error) {
    await moto.stop();
    throw error;
  }

  let running: Promise<ReloadEvent> | undefined;
  let again: string | undefined;
  let stopped = false;
  const reloadOnce = async (trigger: string | undefined): Promise<ReloadEvent> => {
    const seen = Date.now();
    const outdir = path.join(generations, `${++generation}`);
    const cdk = readCdkJson(options.appDir);
    const synth = await runSynth(options.synthCommand, options.appDir, outdir, cdk.context);
    const synthMs = Date.now() - seen;
    const finish = (event: Omit<ReloadEvent, 'line' | 'totalMs' | 'notApplied'>): ReloadEvent => {
      const totalMs = Date.now() - seen;
      const notApplied = reuse.notApplied.splice(0);
      const skipped = notApplied.length
        ? `\n--- not applied: ${notApplied.join('; ')}: the emulator keeps the first start's pools and clients; restart the runner to create them ---` : '';
      const line = event.ok
        ? `--- reloaded${trigger ? ` (${trigger} changed)` : ''}: synth ${(synthMs / 1000).toFixed(1)} s, serving the new version ${(totalMs / 1000).toFixed(1)} s after the change ---${skipped}`
        : `--- reload failed${trigger ? ` (${trigger} changed)` : ''}: the last good version keeps serving ---\n${event.error}`;
      const done = { ...event, totalMs, line, notApplied };
      options.onReload?.(done);
      return done;
    };
    if (!synth.ok) return finish({ ok: false, trigger, synthMs, error: synth.output.trim().split('\n').slice(-30).join('\n') });
    const assemblyDir = fs.existsSync(path.join(outdir, 'manifest.json')) ? outdir : options.assemblyDir;
    // The new version starts on the same ports while the old one serves, then the old one stops
    // (loopback-server.ts hands each port over): no request finds a closed port.
    const previous = current;
    try {
      current = await start(assemblyDir);
    } catch (error) {
      return finish({ ok: false, trigger, synthMs, error: (error as Error).message });
    }
    await previous.stop();
    // The generation before the previous one serves nothing any more.
    if (currentDir.startsWith(generations) && currentDir !== assemblyDir) fs.rmSync(currentDir, { recursive: true, force: true });
    currentDir = assemblyDir;
    return finish({ ok: true, trigger, synthMs });
  };
  const reload = (trigger?: string): Promise<ReloadEvent> => {
    if (running) {
      again = trigger ?? again ?? 'a source';
      return running;
    }
    running = reloadOnce(trigger).finally(() => {
      running = undefined;
      if (again !== undefined && !stopped) {
        const next = again;
        again = undefined;
        void reload(next);
      }
    });
    return running;
  };

  const assemblyPath = path.resolve(options.assemblyDir);
  // The runner's own output (the endpoints file each start rewrites, logs) must not trigger a reload.
  const endpointsFile = options.endpointsFile === false
    ? undefined
    : path.resolve(options.endpointsFile ?? defaultEndpointsFile(options.assemblyDir));
  const exclude = readCdkJson(options.appDir).exclude;
  let timer: NodeJS.Timeout | undefined;
  let firstChange: string | undefined;
  const watcher = fs.watch(options.appDir, { recursive: true }, (_event, file) => {
    if (!file) return;
    const name = String(file);
    const absolute = path.resolve(options.appDir, name);
    if (name.split(/[\\/]/).some((segment) => IGNORED.has(segment)) || absolute.startsWith(assemblyPath) || absolute.startsWith(generations)
      || absolute === endpointsFile || name.endsWith('.log')) return;
    if (exclude.some((pattern) => name.startsWith(pattern.replace(/\*.*$/, '')) && pattern.replace(/\*.*$/, '') !== '')) return;
    firstChange ??= name;
    clearTimeout(timer);
    timer = setTimeout(() => {
      const trigger = firstChange;
      firstChange = undefined;
      void reload(trigger);
    }, options.debounceMs ?? 300);
  });

  return {
    get runner() {
      return current;
    },
    reload,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      watcher.close();
      await running?.catch(() => undefined);
      await current.stop();
      await moto.stop();
      fs.rmSync(generations, { recursive: true, force: true });
    },
  };
}

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * The libraries Lambda's runtimes provide, for handlers that leave them out of their bundle:
 * the AWS SDK v3 for JavaScript (`@aws-sdk/*`, external in `NodejsFunction` bundles) and boto3.
 *
 * - Node.js: each package a bundle requires is taken from the app's `node_modules` when it has it
 *   (Node finds it next to `cdk.out/`, or through `NODE_PATH`), else installed once into the runner's
 *   cache (`~/.cache/cdk-cognito-protected-http-api/aws-sdk-v3/`) and found through `NODE_PATH`.
 * - Python: boto3 from moto's virtualenv (moto depends on it), on `PYTHONPATH` behind the function's
 *   own code, as Lambda puts its runtime's boto3 behind `/var/task`.
 */

/** `XDG_CACHE_HOME|~/.cache/cdk-cognito-protected-http-api`. */
export function runnerCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'cdk-cognito-protected-http-api');
}

/** Where the runner installs the SDK packages no app provides; override with `CDK_COGNITO_LOCAL_AWS_SDK_DIR`. */
export function sdkCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.CDK_COGNITO_LOCAL_AWS_SDK_DIR ? path.resolve(env.CDK_COGNITO_LOCAL_AWS_SDK_DIR) : path.join(runnerCacheDir(env), 'aws-sdk-v3');
}

const SDK_IMPORT = /(?:require\(\s*|from\s*|import\(\s*)["'](@aws-sdk\/[a-z0-9-]+|@smithy\/[a-z0-9-]+)(?:\/[^"']*)?["']/g;

/** The `@aws-sdk/*` (and `@smithy/*`) packages a function's code requires (its .js/.mjs/.cjs files, not its node_modules). */
export function requiredSdkPackages(codeDir: string): string[] {
  const found = new Set<string>();
  const walk = (dir: string, depth: number) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && depth < 3) walk(file, depth + 1);
      } else if (/\.(c|m)?js$/.test(entry.name) && fs.statSync(file).size < 20_000_000) {
        for (const match of fs.readFileSync(file, 'utf-8').matchAll(SDK_IMPORT)) found.add(match[1]);
      }
    }
  };
  if (fs.existsSync(codeDir)) walk(codeDir, 0);
  return [...found].sort();
}

/** `node_modules` directories of the app: above the assembly and above the working directory. */
export function appNodeModules(assemblyDir: string, cwd = process.cwd()): string[] {
  const found: string[] = [];
  for (const start of [path.dirname(path.resolve(assemblyDir)), path.resolve(cwd)]) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, 'node_modules');
      if (fs.existsSync(candidate) && !found.includes(candidate)) found.push(candidate);
      if (path.dirname(dir) === dir) break;
    }
  }
  return found;
}

function resolvable(name: string, from: string[]): boolean {
  return from.some((dir) => fs.existsSync(path.join(dir, name, 'package.json')));
}

/** Installs `packages` into the SDK cache with npm (first use only), one installer at a time. */
function installIntoCache(cacheDir: string, packages: string[], log: (line: string) => void): void {
  fs.mkdirSync(cacheDir, { recursive: true });
  const lock = path.join(cacheDir, '.lock');
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`${lock} is held by another runner for 5 minutes: remove it if no runner is installing`);
      spawnSync(process.execPath, ['-e', 'setTimeout(() => {}, 500)']);
    }
  }
  try {
    const missing = packages.filter((name) => !resolvable(name, [path.join(cacheDir, 'node_modules')]));
    if (!missing.length) return;
    if (!fs.existsSync(path.join(cacheDir, 'package.json'))) {
      fs.writeFileSync(path.join(cacheDir, 'package.json'), JSON.stringify({ name: 'cdk-local-aws-sdk', private: true }, null, 2));
    }
    log(`Installing ${missing.join(', ')} (AWS SDK v3, as Lambda's Node.js runtime provides it) into ${cacheDir} (first use only)…`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const result = spawnSync(npm, ['install', '--no-audit', '--no-fund', '--loglevel=error', ...missing.map((name) => `${name}@^3`)], {
      cwd: cacheDir, encoding: 'utf-8', stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (result.status !== 0) throw new Error(`npm install ${missing.join(' ')} failed:\n${result.stderr || result.stdout || result.error}`);
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

export interface NodeSdkOptions {
  readonly assemblyDir: string;
  readonly codeDirs: readonly string[];
  readonly log?: (line: string) => void;
  readonly cacheDir?: string;
}

/** The `NODE_PATH` that lets every function's code require the SDK packages it leaves external. */
export function provideNodeSdk(options: NodeSdkOptions): { nodePath: string; notes: string[] } {
  const appDirs = appNodeModules(options.assemblyDir);
  const cacheDir = options.cacheDir ?? sdkCacheDir();
  const notes: string[] = [];
  const missing = new Set<string>();
  for (const codeDir of options.codeDirs) {
    for (const name of requiredSdkPackages(codeDir)) {
      // Found by Node's own lookup from the code directory, or in the app's node_modules.
      if (!resolvable(name, [path.join(codeDir, 'node_modules'), ...appDirs])) missing.add(name);
    }
  }
  if (missing.size) {
    installIntoCache(cacheDir, [...missing].filter((name) => name.startsWith('@aws-sdk/')), options.log ?? (() => {}));
    notes.push(`the AWS SDK v3 packages ${[...missing].join(', ')} come from the runner's cache ${cacheDir} (the app's node_modules has none)`);
  }
  return { nodePath: [...appDirs, path.join(cacheDir, 'node_modules')].join(path.delimiter), notes };
}

/** Packages of boto3 and what it imports, linked from moto's virtualenv into one directory. */
const BOTO3_PACKAGES = ['boto3', 'botocore', 's3transfer', 'jmespath', 'dateutil', 'six.py', 'urllib3'];

/** A directory with boto3 (from moto's virtualenv) for `PYTHONPATH`; undefined when the venv has none. */
export function providePythonSdk(motoPython: string): string | undefined {
  const probe = spawnSync(motoPython, ['-c', 'import boto3, os; print(os.path.dirname(os.path.dirname(boto3.__file__)))'], { encoding: 'utf-8' });
  if (probe.status !== 0) return undefined;
  const sitePackages = probe.stdout.trim();
  const dir = path.join(path.dirname(path.dirname(path.dirname(sitePackages))), 'lambda-python-runtime');
  if (!fs.existsSync(path.join(dir, '.complete'))) {
    fs.mkdirSync(dir, { recursive: true });
    for (const name of BOTO3_PACKAGES) {
      const target = path.join(sitePackages, name);
      const link = path.join(dir, name);
      if (fs.existsSync(target) && !fs.existsSync(link)) {
        try {
          fs.symlinkSync(target, link);
        } catch (error) {
          // Another runner linked it first (EEXIST), or links are not allowed here: copy.
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') fs.cpSync(target, link, { recursive: true });
        }
      }
    }
    fs.writeFileSync(path.join(dir, '.complete'), '');
  }
  return dir;
}

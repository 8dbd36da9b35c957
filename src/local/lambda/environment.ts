import { spawnSync } from 'child_process';
import * as path from 'path';
import { provideNodeSdk, providePythonSdk } from './aws-sdk-provider';
import { LocalFunctionDefinition } from './runner';

/**
 * What every function's process gets besides the template's environment, so that a handler reaches
 * the emulator with no code change: `AWS_ENDPOINT_URL` (read by the AWS SDK v3 for JavaScript and by
 * boto3 for every service), dummy credentials, and the SDK its runtime would provide. (Region and
 * the `AWS_LAMBDA_*` variables are set per function by the lambda runner.)
 */

export interface LambdaEnvironmentOptions {
  readonly motoEndpoint: string;
  /** moto's virtualenv interpreter: boto3 comes from there. */
  readonly motoPython: string;
  readonly assemblyDir: string;
  readonly definitions: readonly LocalFunctionDefinition[];
  /** The interpreter for python* functions. Default `python3`. */
  readonly python?: string;
  readonly log?: (line: string) => void;
}

export interface LambdaEnvironment {
  readonly environment: Record<string, string>;
  /** Start-up notes: which Node.js / Python runs which runtime, where the SDK comes from. */
  readonly notes: string[];
}

export function awsEndpointEnvironment(motoEndpoint: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: motoEndpoint,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_SESSION_TOKEN: 'local',
  };
}

function pythonVersion(python: string): string | undefined {
  const probe = spawnSync(python, ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])'], { encoding: 'utf-8' });
  return probe.status === 0 ? probe.stdout.trim() : undefined;
}

/** One note per runtime whose version differs from the interpreter that runs it here. */
export function runtimeNotes(definitions: readonly LocalFunctionDefinition[], python: string): string[] {
  const byRuntime = new Map<string, string[]>();
  for (const definition of definitions) byRuntime.set(definition.runtime, [...byRuntime.get(definition.runtime) ?? [], definition.logicalId]);
  const notes: string[] = [];
  let pythonHere: string | undefined | null = null;
  for (const [runtime, ids] of byRuntime) {
    const node = /^nodejs(\d+)/.exec(runtime);
    const py = /^python(\d+\.\d+)/.exec(runtime);
    if (node && node[1] !== process.versions.node.split('.')[0]) {
      notes.push(`${runtime} functions (${ids.join(', ')}) run on this machine's Node.js ${process.versions.node}`);
    } else if (py) {
      if (pythonHere === null) pythonHere = pythonVersion(python);
      if (pythonHere && !pythonHere.startsWith(`${py[1]}.`)) notes.push(`${runtime} functions (${ids.join(', ')}) run on ${python} (Python ${pythonHere})`);
    }
  }
  return notes;
}

export function lambdaEnvironment(options: LambdaEnvironmentOptions): LambdaEnvironment {
  const notes: string[] = [];
  const environment: Record<string, string> = { ...awsEndpointEnvironment(options.motoEndpoint) };
  const nodeCode = options.definitions.filter((definition) => definition.runtime.startsWith('nodejs')).map((definition) => definition.codeDir);
  if (nodeCode.length) {
    const node = provideNodeSdk({ assemblyDir: options.assemblyDir, codeDirs: nodeCode, log: options.log });
    environment.NODE_PATH = node.nodePath;
    notes.push(...node.notes);
  }
  if (options.definitions.some((definition) => definition.runtime.startsWith('python'))) {
    const boto3 = providePythonSdk(options.motoPython);
    if (boto3) environment.PYTHONPATH = [boto3, process.env.PYTHONPATH].filter(Boolean).join(path.delimiter);
    else notes.push('boto3 was not found in moto\'s virtualenv: Python handlers get only what their code bundles');
  }
  notes.push(...runtimeNotes(options.definitions, options.python ?? 'python3'));
  return { environment, notes };
}

import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import { Socket } from 'net';
import * as path from 'path';

/** A Lambda function as the runner runs it: from its template definition and asset. */
export interface LocalFunctionDefinition {
  readonly logicalId: string;
  readonly functionName: string;
  readonly functionArn: string;
  /** e.g. `nodejs22.x`, `python3.12` */
  readonly runtime: string;
  readonly handler: string;
  /** The unzipped code (the asset directory). */
  readonly codeDir: string;
  /** The template's environment, intrinsics resolved. */
  readonly environment: Readonly<Record<string, string>>;
  readonly timeoutSeconds: number;
  readonly memorySize: number;
  readonly region: string;
}

export interface InvocationResult {
  /** The handler's result (JSON), when it succeeded. */
  readonly result?: unknown;
  /** Lambda's error shape, when the handler threw, timed out or its process died. */
  readonly error?: { readonly errorType: string; readonly errorMessage: string };
  readonly durationMs: number;
}

export interface LambdaRunnerOptions {
  /** Environment added to every function's (e.g. the AWS SDK's endpoint for Cognito, dummy credentials). */
  readonly sharedEnvironment?: Readonly<Record<string, string>>;
  /** Each line the handler prints, prefixed with the function's name. */
  readonly log?: (line: string) => void;
  /** Sandboxes per function (concurrent invocations). Default 4. */
  readonly maxConcurrency?: number;
  /** The Python interpreter for python* runtimes. Default `python3`. */
  readonly python?: string;
}

/** Where the worker scripts are: next to this file (sources), or `workers/` next to the bundled CLI. */
function workerScript(name: string): string {
  for (const candidate of [path.join(__dirname, 'workers', name), path.join(__dirname, 'local', 'workers', name)]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error(`worker script ${name} is missing next to ${__dirname} (broken installation?)`);
}

/**
 * Lambda's synchronous response limit ("Lambda quotas": invocation payload 6 MB), as its error
 * message states it in bytes.
 */
export const MAX_RESPONSE_BYTES = 6_291_556;

/** Why a runtime cannot run locally, or undefined when it can. */
export function unsupportedRuntime(runtime: string): string | undefined {
  if (/^nodejs\d+/.test(runtime) || /^python3\.\d+/.test(runtime)) return undefined;
  return `runtime ${runtime} is not run locally (Node.js and Python only)`;
}

let nextInvocationId = 0;

/** One sandbox: a child process running the function's worker. */
class Sandbox {
  private readonly child: ChildProcess;
  private readonly channel: Socket;
  private pending?: { id: number; resolve: (message: any) => void };
  private buffer = '';
  private exited = false;
  private killed = false;

  constructor(private readonly definition: LocalFunctionDefinition, private readonly options: LambdaRunnerOptions) {
    const isPython = definition.runtime.startsWith('python');
    const command = isPython ? options.python ?? 'python3' : process.execPath;
    const script = workerScript(isPython ? 'python-worker.py' : 'node-worker.js');
    this.child = spawn(command, [script], {
      cwd: definition.codeDir,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH ?? '',
        LANG: 'en_US.UTF-8',
        TZ: ':UTC',
        ...options.sharedEnvironment,
        AWS_REGION: definition.region,
        AWS_DEFAULT_REGION: definition.region,
        AWS_LAMBDA_FUNCTION_NAME: definition.functionName,
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(definition.memorySize),
        AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${definition.functionName}`,
        AWS_LAMBDA_LOG_STREAM_NAME: 'local',
        AWS_EXECUTION_ENV: `AWS_Lambda_${definition.runtime}`,
        LAMBDA_TASK_ROOT: definition.codeDir,
        _HANDLER: definition.handler,
        ...definition.environment,
      },
    });
    const prefix = `[${definition.logicalId}]`;
    for (const stream of [this.child.stdout!, this.child.stderr!]) {
      let partial = '';
      stream.on('data', (chunk: Buffer) => {
        const lines = (partial + chunk.toString('utf-8')).split('\n');
        partial = lines.pop()!;
        for (const line of lines) options.log?.(`${prefix} ${line}`);
      });
    }
    this.channel = this.child.stdio[3] as Socket;
    this.channel.setEncoding('utf-8'); // never splits a character between chunks
    this.channel.on('data', (chunk: string) => this.onData(chunk));
    this.channel.on('error', () => {});
    this.child.on('error', (error) => this.finish({ error: { errorType: 'Runtime.Spawn', errorMessage: `${command}: ${error.message}` } }));
    this.child.on('exit', (code, signal) => {
      this.exited = true;
      this.finish({ error: { errorType: 'Runtime.ExitError', errorMessage: `RequestId: local Error: Runtime exited with error: ${signal ?? `exit status ${code}`}` } });
    });
  }

  get alive(): boolean {
    return !this.exited && !this.killed;
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    let newline: number;
    while ((newline = this.buffer.indexOf('\n')) >= 0) {
      const message = JSON.parse(this.buffer.slice(0, newline));
      this.buffer = this.buffer.slice(newline + 1);
      if (this.pending?.id === message.id) this.finish(message);
    }
  }

  private finish(message: any): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.resolve(message);
  }

  invoke(event: unknown, requestId: string): Promise<{ result?: unknown; error?: { errorType: string; errorMessage: string } }> {
    const id = ++nextInvocationId;
    const timeoutMs = this.definition.timeoutSeconds * 1000;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        // Lambda resets the sandbox after a timeout: so do we. And logs it, as Lambda does.
        this.options.log?.(`[${this.definition.logicalId}] ${new Date().toISOString()} ${requestId} Task timed out after ${this.definition.timeoutSeconds.toFixed(2)} seconds`);
        this.finish({ error: { errorType: 'Sandbox.Timedout', errorMessage: `Task timed out after ${this.definition.timeoutSeconds.toFixed(2)} seconds` } });
        this.kill();
      }, timeoutMs);
      this.pending = {
        id,
        resolve: (message) => {
          clearTimeout(timer);
          resolve(message);
        },
      };
      if (this.exited) return this.finish({ error: { errorType: 'Runtime.ExitError', errorMessage: 'Runtime exited' } });
      this.channel.write(`${JSON.stringify({ id, event, requestId, timeoutMs, functionArn: this.definition.functionArn })}\n`);
    });
  }

  kill(): void {
    this.killed = true;
    if (!this.exited) this.child.kill('SIGKILL');
  }
}

/** Runs one function: a small pool of sandboxes, created on demand, reused while they live. */
export class LocalFunction {
  private readonly idle: Sandbox[] = [];
  private readonly all = new Set<Sandbox>();
  private readonly waiting: Array<(sandbox: Sandbox) => void> = [];
  private stopped = false;

  constructor(readonly definition: LocalFunctionDefinition, private readonly options: LambdaRunnerOptions = {}) {}

  private acquire(): Promise<Sandbox> {
    while (this.idle.length) {
      const sandbox = this.idle.pop()!;
      if (sandbox.alive) return Promise.resolve(sandbox);
      this.all.delete(sandbox);
    }
    if (this.all.size < (this.options.maxConcurrency ?? 4)) {
      const sandbox = new Sandbox(this.definition, this.options);
      this.all.add(sandbox);
      return Promise.resolve(sandbox);
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(sandbox: Sandbox): void {
    if (!sandbox.alive || this.stopped) {
      this.all.delete(sandbox);
      sandbox.kill();
      if (this.waiting.length && !this.stopped) {
        const fresh = new Sandbox(this.definition, this.options);
        this.all.add(fresh);
        this.waiting.shift()!(fresh);
      }
      return;
    }
    const next = this.waiting.shift();
    if (next) next(sandbox);
    else this.idle.push(sandbox);
  }

  async invoke(event: unknown, requestId: string): Promise<InvocationResult> {
    if (this.stopped) throw new Error(`${this.definition.logicalId} is stopped`);
    const started = Date.now();
    const sandbox = await this.acquire();
    try {
      const answer = await sandbox.invoke(event, requestId);
      if (answer.result !== undefined && Buffer.byteLength(JSON.stringify(answer.result)) > MAX_RESPONSE_BYTES) {
        const error = { errorType: 'Function.ResponseSizeTooLarge', errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).` };
        this.options.log?.(`[${this.definition.logicalId}] ${new Date().toISOString()}\t${requestId}\tERROR\t${JSON.stringify(error)}`);
        return { error, durationMs: Date.now() - started };
      }
      return { ...answer, durationMs: Date.now() - started };
    } finally {
      this.release(sandbox);
    }
  }

  /** Kills every sandbox (synchronous: safe in an exit handler). */
  stop(): void {
    this.stopped = true;
    for (const sandbox of this.all) sandbox.kill();
    this.all.clear();
    this.idle.length = 0;
  }
}

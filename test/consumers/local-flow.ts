import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runBlogFlow } from '../example/blog-flow';

/**
 * What a Python, Java or Go user does with the npm package's CLI: `cdk-cognito-protected-http-api
 * local --app <their cdk.out>`, then a script or frontend reads the endpoints file (the stack's
 * outputs, pointing at the local API and Cognito) and runs the blog's flow — and, with
 * LOCAL_FLOW_PYTHON (a Python with boto3), python/boto3_local_flow.py on the same endpoints file.
 * Ctrl-C must stop everything.
 *
 * Usage: ts-node test/consumers/local-flow.ts <cli> <cloud assembly dir>
 */
const [cli, assembly] = process.argv.slice(2);

function waitFor(file: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      if (fs.existsSync(file)) {
        clearInterval(poll);
        resolve();
      } else if (child.exitCode !== null || Date.now() - started > timeoutMs) {
        clearInterval(poll);
        reject(new Error(child.exitCode !== null ? `the CLI exited with ${child.exitCode}` : `no ${file} after ${timeoutMs} ms`));
      }
    }, 100);
  });
}

const output = (outputs: Record<string, string>, name: string) => {
  const found = Object.entries(outputs).find(([key]) => new RegExp(`${name}[0-9A-F]{8}$`).test(key));
  if (!found) throw new Error(`no ${name} output among ${Object.keys(outputs).join(', ')}`);
  return found[1];
};

/** boto3's flow (its steps printed as they go); true when it held. */
function boto3Flow(python: string, endpointsFile: string): boolean {
  return spawnSync(python, [path.join(__dirname, 'python', 'boto3_local_flow.py'), endpointsFile], { stdio: 'inherit' }).status === 0;
}

async function main(): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-flow-'));
  const endpointsFile = path.join(dir, 'local-endpoints.json');
  const child = spawn(cli, ['local', '--app', assembly, '--port', '0', '--quiet', '--endpoints', endpointsFile], { stdio: ['ignore', 'inherit', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let flowOk = false;
  try {
    await waitFor(endpointsFile, child, 300_000);
    const endpoints = JSON.parse(fs.readFileSync(endpointsFile, 'utf-8'));
    const outputs: Record<string, string> = endpoints.stacks[0].outputs;
    const steps = await runBlogFlow({
      apiUrl: output(outputs, 'ApiUrl'),
      cognitoEndpoint: endpoints.cognitoEndpoint,
      region: output(outputs, 'Region'),
      userPoolId: output(outputs, 'UserPoolId'),
      clientId: output(outputs, 'UserPoolClientId'),
    }, (step) => console.log(`  ${step.ok ? '✔' : '✘'} ${step.title}`));
    flowOk = steps.every((step) => step.ok) && (!process.env.LOCAL_FLOW_PYTHON || boto3Flow(process.env.LOCAL_FLOW_PYTHON, endpointsFile));
  } finally {
    child.kill('SIGINT');
  }
  const code = await exited;
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(`  ${code === 0 ? '✔' : '✘'} the CLI stopped on SIGINT (exit ${code})`);
  return flowOk && code === 0 ? 0 : 1;
}

main().then((code) => process.exit(code), (error) => {
  console.error(`local flow failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});

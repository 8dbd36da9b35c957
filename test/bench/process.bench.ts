import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as esbuild from 'esbuild';
import { measureRotated, median } from './stats';

/**
 * Whole-process cost, as a user's `node app.js` pays it: the example app (the construct, from the
 * jsii-compiled lib/) against the blog's stack written with plain L2s, node start to exit,
 * interleaved; and the import of lib/ alone (aws-cdk-lib and constructs already loaded, as in any
 * CDK app). Needs `npx projen compile` (the bench task runs it).
 *
 * BENCH_BASELINE=<checkout> adds that checkout's example app and lib/ (built there with
 * `npx projen bundle && npx projen compile`) to the same interleaved runs: before and after, side by side.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const root = path.join(__dirname, '..', '..');
// Apps are bundled into <root>/.bench/apps/ so that the L2 stack's `../../assets` still resolves;
// aws-cdk-lib and constructs stay external, and the construct comes from lib/ like a user's import.
const appsDir = path.join(root, '.bench', 'apps');
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-process-'));

const baseline = process.env.BENCH_BASELINE ? path.resolve(process.env.BENCH_BASELINE) : undefined;

/** The construct from `<checkout>/lib/`, and the example stack from `<checkout>/test/example/`. */
function libAlias(checkout: string): esbuild.Plugin {
  return {
    name: 'lib',
    setup(build) {
      build.onResolve({ filter: /\/src$/ }, () => ({ path: path.join(checkout, 'lib', 'index.js'), external: true }));
      build.onResolve({ filter: /\/example\/blog-example-stack$/ }, () => ({ path: path.join(checkout, 'test', 'example', 'blog-example-stack.ts') }));
    },
  };
}

function wallMs(file: string): number {
  const start = process.hrtime.bigint();
  execFileSync(process.execPath, [file], { env: { ...process.env, CDK_OUTDIR: outdir, NODE_PATH: path.join(root, 'node_modules') }, stdio: 'ignore' });
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function importMs(checkout: string): number {
  const script = "require('aws-cdk-lib'); require('constructs'); const t = process.hrtime.bigint(); require(process.argv[1]); process.stdout.write(String(Number(process.hrtime.bigint() - t) / 1e6));";
  return Number(execFileSync(process.execPath, ['-e', script, path.join(checkout, 'lib', 'index.js')], { cwd: root, encoding: 'utf-8' }));
}

if (!fs.existsSync(path.join(root, 'lib', 'index.js'))) {
  throw new Error('lib/ is not built: run `npx projen compile` first');
}
async function bundleApp(entry: string, checkout = root): Promise<string> {
  const outfile = path.join(appsDir, `${entry}${checkout === root ? '' : '-baseline'}.js`);
  await esbuild.build({
    entryPoints: [path.join(__dirname, 'apps', `${entry}.ts`)],
    bundle: true,
    platform: 'node',
    target: 'node20',
    outfile,
    external: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs'],
    plugins: [libAlias(checkout)],
    logLevel: 'silent',
  });
  return outfile;
}

async function main(): Promise<void> {
  const apps = [await bundleApp('construct-app'), await bundleApp('plain-l2-app'), ...(baseline ? [await bundleApp('construct-app', baseline)] : [])];
  apps.forEach(wallMs);
  const series = () => [] as number[];
  const times = {
    construct: series(),
    plainL2: series(),
    ratio: series(),
    import: series(),
    baseline: series(),
    baselineRatio: series(),
    baselineImport: series(),
  };
  for (let i = 0; i < RUNS; i++) {
    const [c, l, b] = measureRotated(i, apps.map((app) => () => wallMs(app)));
    times.construct.push(c);
    times.plainL2.push(l);
    times.ratio.push(c / l);
    if (b !== undefined) {
      times.baseline.push(b);
      times.baselineRatio.push(b / l);
    }
    times.import.push(importMs(root));
    if (baseline) times.baselineImport.push(importMs(baseline));
  }
  fs.rmSync(outdir, { recursive: true, force: true });

  const ratio = median(times.ratio);
  console.log(`\nwhole process (node app.js, start to exit), ${RUNS} interleaved runs (median)`);
  console.log(`  example app, construct from lib/:   ${median(times.construct).toFixed(0)} ms`);
  console.log(`  blog stack with plain L2s:          ${median(times.plainL2).toFixed(0)} ms`);
  console.log(`  ratio:                              ${ratio.toFixed(3)}× (target ≤ 1.10×) ${ratio <= 1.10 ? 'OK' : 'OVER TARGET'}`);
  const imported = median(times.import);
  console.log(`  import of lib/ (after aws-cdk-lib): ${imported.toFixed(1)} ms (target < 50 ms) ${imported < 50 ? 'OK' : 'OVER TARGET'}`);
  if (baseline) {
    console.log(`  baseline ${baseline}:`);
    console.log(`    example app, its construct:       ${median(times.baseline).toFixed(0)} ms, ratio ${median(times.baselineRatio).toFixed(3)}× to the plain L2s`);
    console.log(`    import of its lib/:               ${median(times.baselineImport).toFixed(1)} ms`);
  }
}

void main();

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { measurePair, median } from './stats';
import { CognitoProtectedHttpApi, WhoamiFunction } from '../../src';
import { BlogL2Stack } from '../example/blog-l2-stack';

/**
 * Synth time of the example stack (the construct) against the blog stack written with plain L2s,
 * measured in one process, interleaved, after warm-up. Prints the median of per-pair ratios.
 * Target: ≤ 1.05×.
 */
const WARMUP = 5;
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-synth-'));

function synthMs(build: (app: App) => Stack): number {
  const start = process.hrtime.bigint();
  const app = new App({ analyticsReporting: false, outdir });
  build(app);
  app.synth();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** The blog's resources exactly (the example minus its extra public route), built with the construct. */
const construct = (app: App) => {
  const stack = new Stack(app, 'Construct');
  new CognitoProtectedHttpApi(stack, 'Api', {
    selfSignUpEnabled: true,
    routes: [{ path: '/protected', methods: [HttpMethod.GET], handler: new WhoamiFunction(stack, 'ProtectedFunction') }],
  });
  return stack;
};
const plainL2 = (app: App) => new BlogL2Stack(app, 'Blog');

for (let i = 0; i < WARMUP; i++) {
  synthMs(construct);
  synthMs(plainL2);
}

const ratios: number[] = [];
const times: Record<'construct' | 'plainL2', number[]> = { construct: [], plainL2: [] };
for (let i = 0; i < RUNS; i++) {
  const [c, b] = measurePair(i, () => synthMs(construct), () => synthMs(plainL2));
  times.construct.push(c);
  times.plainL2.push(b);
  ratios.push(c / b);
}
fs.rmSync(outdir, { recursive: true, force: true });

const ratio = median(ratios);
console.log(`synth, ${RUNS} interleaved runs after ${WARMUP} warm-up pairs`);
console.log(`  construct (blog stack):       median ${median(times.construct).toFixed(1)} ms`);
console.log(`  plain L2s (BlogL2Stack):      median ${median(times.plainL2).toFixed(1)} ms`);
console.log(`  ratio construct / plain L2s:  median ${ratio.toFixed(3)}× (target ≤ 1.05×) ${ratio <= 1.05 ? 'OK' : 'OVER TARGET'}`);

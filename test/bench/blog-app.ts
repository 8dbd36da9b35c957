import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { BlogExampleStack } from '../example/blog-example-stack';

/** The blog example synthesized into a temporary cloud assembly (the benches' app); its directory. */
export function synthBlogExample(): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-local-bench-'));
  const app = new App({ analyticsReporting: false, outdir });
  new BlogExampleStack(app, 'BlogExampleStack');
  app.synth();
  return outdir;
}

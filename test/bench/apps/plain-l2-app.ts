import { App } from 'aws-cdk-lib';
import { BlogL2Stack } from '../../example/blog-l2-stack';

const app = new App({ analyticsReporting: false, outdir: process.env.CDK_OUTDIR });
new BlogL2Stack(app, 'BlogL2Stack');
app.synth();

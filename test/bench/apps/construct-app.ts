import { App } from 'aws-cdk-lib';
import { BlogExampleStack } from '../../example/blog-example-stack';

const app = new App({ analyticsReporting: false, outdir: process.env.CDK_OUTDIR });
new BlogExampleStack(app, 'BlogExampleStack');
app.synth();

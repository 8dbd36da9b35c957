import { App } from 'aws-cdk-lib';
import { BlogExampleStack } from './blog-example-stack';

const app = new App({ analyticsReporting: false });
new BlogExampleStack(app, 'BlogExampleStack');
app.synth();

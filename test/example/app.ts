import { App } from 'aws-cdk-lib';
import { AuthorizationExampleStack } from './authorization-example-stack';
import { BlogExampleStack } from './blog-example-stack';
import { ControlTowerExampleStack } from './control-tower-example-stack';
import { ExternalIssuerExampleStack } from './external-issuer-example-stack';
import { SignInExampleStack } from './sign-in-example-stack';

const app = new App({ analyticsReporting: false });
new BlogExampleStack(app, 'BlogExampleStack');
new AuthorizationExampleStack(app, 'AuthorizationExampleStack');
new ExternalIssuerExampleStack(app, 'ExternalIssuerExampleStack');
new ControlTowerExampleStack(app, 'ControlTowerExampleStack');
new SignInExampleStack(app, 'SignInExampleStack');
app.synth();

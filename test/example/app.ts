import { App, Stack } from 'aws-cdk-lib';
import { AuthorizationExampleStack } from './authorization-example-stack';
import { BlogExampleStack } from './blog-example-stack';
import { ControlTowerExampleStack } from './control-tower-example-stack';
import { ExternalIssuerExampleStack } from './external-issuer-example-stack';
import { NotesExampleStack } from './notes-example-stack';
import { SignInExampleStack } from './sign-in-example-stack';

/**
 * Adds every example stack to `app`: the one list of examples. `cdk synth` (`npx projen example`,
 * then checkov in `test:lint`) and the Control Tower test (test/compliance.test.ts, which enumerates
 * the stacks this adds) use it, so a new example is checked as soon as it is added here.
 */
export function addExampleStacks(app: App): Stack[] {
  return [
    new BlogExampleStack(app, 'BlogExampleStack'),
    new BlogExampleStack(app, 'MonitoredBlogExampleStack', { monitored: true }),
    new AuthorizationExampleStack(app, 'AuthorizationExampleStack'),
    new ExternalIssuerExampleStack(app, 'ExternalIssuerExampleStack'),
    new ControlTowerExampleStack(app, 'ControlTowerExampleStack'),
    new SignInExampleStack(app, 'SignInExampleStack'),
    new NotesExampleStack(app, 'NotesExampleStack'),
  ];
}

if (require.main === module) {
  const app = new App({ analyticsReporting: false });
  addExampleStacks(app);
  app.synth();
}

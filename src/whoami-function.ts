import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { bundledFunctionProps } from './bundled-function';

/**
 * Props for `WhoamiFunction`. Every `lambda.FunctionOptions` may be given; those not given get
 * the library's defaults.
 */
export interface WhoamiFunctionProps extends lambda.FunctionOptions {}

/**
 * The demo handler shipped with the library (pre-bundled, no bundling at synth): answers with the
 * caller's verified claims (`sub`, username, `token_use`, scopes). Use it as a route handler for
 * smoke tests — "does my token get through, and with which claims?".
 *
 * Defaults: Node.js 22, ARM64, a log group `<id>LogGroup` kept one month, and a role `<id>Role`
 * that may only write to that log group (both created next to the function).
 */
export class WhoamiFunction extends lambda.Function {
  constructor(scope: Construct, id: string, props: WhoamiFunctionProps = {}) {
    super(scope, id, bundledFunctionProps(scope, id, 'whoami.lambda', 'cdk-cognito-protected-http-api demo handler (whoami)', props));
  }
}

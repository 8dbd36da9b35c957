import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { bundledFunctionProps } from './bundled-function';
import { ManagedResourceOptions } from '../managed-resources/managed-resource-options';
import { checkNumber, durationInSeconds, LIMITS } from '../validation/cfn-limits';

/**
 * Props for `WhoamiFunction`.
 */
export interface WhoamiFunctionProps extends ManagedResourceOptions {
  /**
   * The function's memory.
   *
   * @default 128
   */
  readonly memorySize?: number;

  /**
   * The function's timeout.
   *
   * @default Duration.seconds(3)
   */
  readonly timeout?: Duration;
}

/**
 * The demo handler shipped with the library (pre-bundled, no bundling at synth): answers with the
 * caller's verified claims (`sub`, username, `token_use`, scopes). Use it as a route handler for
 * smoke tests — "does my token get through, and with which claims?".
 *
 * Node.js 24 on ARM64, with a log group `<id>LogGroup` and a role `<id>Role` that may only write to
 * that log group (both created next to the function).
 */
export class WhoamiFunction extends lambda.Function {
  constructor(scope: Construct, id: string, props: WhoamiFunctionProps = {}) {
    checkNumber('WhoamiFunction', 'memorySize', props.memorySize, LIMITS.functionMemorySize, ' MB');
    checkNumber('WhoamiFunction', 'timeout', durationInSeconds(props.timeout), LIMITS.functionTimeoutSeconds, ' s');
    super(scope, id, bundledFunctionProps(scope, id, 'whoami.lambda', 'cdk-cognito-protected-http-api demo handler (whoami)', props, {
      memorySize: props.memorySize,
      timeout: props.timeout,
    }));
  }
}

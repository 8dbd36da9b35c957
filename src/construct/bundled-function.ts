import * as path from 'path';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/**
 * The runtime of every handler the library ships; matches the esbuild target in `.projenrc.ts`.
 * A function, not a module constant: reading `lambda.Runtime` loads aws-cdk-lib's Lambda module
 * (about 170 ms), which importing this library should not cost.
 */
export function bundledRuntime(): lambda.Runtime {
  return lambda.Runtime.NODEJS_22_X;
}

/**
 * Props for a function whose code was bundled at build time into `assets/handlers/<asset>/index.js`:
 * pinned runtime, ARM64, its own log group (one month) and a role that may only write to it.
 * Options given by the caller win. The log group and role are created next to the function (in
 * `scope`), since a function's children cannot exist before it.
 */
export function bundledFunctionProps(
  scope: Construct,
  id: string,
  asset: string,
  description: string,
  options: lambda.FunctionOptions = {},
): lambda.FunctionProps {
  const logGroup = options.logGroup ?? new logs.LogGroup(scope, `${id}LogGroup`, { retention: logs.RetentionDays.ONE_MONTH });
  let role = options.role;
  if (!role) {
    role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${description}: writes to its own log group only`,
    });
    logGroup.grantWrite(role);
  }
  return {
    description,
    architecture: lambda.Architecture.ARM_64,
    ...options,
    logGroup,
    role,
    runtime: bundledRuntime(),
    handler: 'index.handler',
    code: lambda.Code.fromAsset(bundledAssetPath(asset)),
  };
}

/** The folder of a handler bundled at build time: `assets/handlers/<asset>/`. */
export function bundledAssetPath(asset: string): string {
  return path.join(__dirname, '..', '..', 'assets', 'handlers', asset);
}

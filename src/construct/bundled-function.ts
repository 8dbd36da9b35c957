import * as path from 'path';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { createLogGroup } from './log-group';
import { ManagedResourceOptions } from './managed-resource-options';

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
 * pinned runtime, ARM64, its own log group (one month unless `managed` says otherwise) and a role
 * that may only write to it; in `managed.vpc` when given. Options given by the caller win. The log group and role are created next to the function (in
 * `scope`), since a function's children cannot exist before it.
 */
export function bundledFunctionProps(
  scope: Construct,
  id: string,
  asset: string,
  description: string,
  managed: ManagedResourceOptions,
  options: lambda.FunctionOptions = {},
): lambda.FunctionProps {
  const logGroup = options.logGroup ?? createLogGroup(scope, `${id}LogGroup`, managed);
  let role = options.role;
  if (!role) {
    role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${description}: writes to its own log group only`,
    });
    logGroup.grantWrite(role);
    if (managed.vpc) {
      // The network-interface actions Lambda needs in a VPC take no resource-level restriction.
      role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaVPCAccessExecutionRole'));
    }
  }
  return {
    description,
    architecture: lambda.Architecture.ARM_64,
    vpc: managed.vpc,
    vpcSubnets: managed.vpcSubnets,
    securityGroups: managed.securityGroups,
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

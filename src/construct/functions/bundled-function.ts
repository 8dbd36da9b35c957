import * as path from 'path';
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { createLogGroup } from '../managed-resources/log-group';
import { ManagedResourceOptions } from '../managed-resources/managed-resource-options';

/**
 * The runtime of every handler the library ships: Node.js 24, the newest Lambda runtime (the bundles
 * target Node.js 22 syntax, see `.projenrc.ts`, so they run on 22 and 24 alike). aws-cdk-lib 2.220,
 * the floor, predates its constant, so it is named by its id there; one object for the whole process.
 * A function, not a module constant: reading `lambda.Runtime` loads aws-cdk-lib's Lambda module
 * (about 170 ms), which importing this library should not cost.
 */
export function bundledRuntime(): lambda.Runtime {
  runtime ??= lambda.Runtime.ALL.find((known) => known.name === BUNDLED_RUNTIME_NAME)
    ?? new lambda.Runtime(BUNDLED_RUNTIME_NAME, lambda.RuntimeFamily.NODEJS, { supportsInlineCode: true });
  return runtime;
}

const BUNDLED_RUNTIME_NAME = 'nodejs24.x';
let runtime: lambda.Runtime | undefined;

/**
 * What a caller may set beyond the defaults. Deliberately not `lambda.FunctionOptions`: its types
 * move between aws-cdk-lib releases (`logGroup` became `ILogGroupRef` after 2.220).
 */
export interface BundledFunctionOptions {
  readonly memorySize?: number;
  readonly timeout?: Duration;
}

/**
 * Props for a function whose code was bundled at build time into `assets/handlers/<asset>/index.js`:
 * pinned runtime, ARM64, its own log group (one month unless `managed` says otherwise) and a role
 * that may only write to it; in `managed.vpc` when given. The log group and role are created next to
 * the function (in `scope`), since a function's children cannot exist before it.
 */
export function bundledFunctionProps(
  scope: Construct,
  id: string,
  asset: string,
  description: string,
  managed: ManagedResourceOptions,
  options: BundledFunctionOptions = {},
): lambda.FunctionProps {
  const logGroup = createLogGroup(scope, `${id}LogGroup`, managed);
  const role = new iam.Role(scope, `${id}Role`, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `Execution role of ${description}: writes to its own log group only`,
  });
  logGroup.grantWrite(role);
  if (managed.vpc) {
    // The network-interface actions Lambda needs in a VPC take no resource-level restriction.
    role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaVPCAccessExecutionRole'));
  }
  return {
    description,
    architecture: lambda.Architecture.ARM_64,
    vpc: managed.vpc,
    vpcSubnets: managed.vpcSubnets,
    securityGroups: managed.securityGroups,
    memorySize: options.memorySize,
    timeout: options.timeout,
    logGroup,
    role,
    runtime: bundledRuntime(),
    handler: 'index.handler',
    code: lambda.Code.fromAsset(bundledAssetPath(asset)),
  };
}

/** The folder of a handler bundled at build time: `assets/handlers/<asset>/`. */
export function bundledAssetPath(asset: string): string {
  return path.join(__dirname, '..', '..', '..', 'assets', 'handlers', asset);
}

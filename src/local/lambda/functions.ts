import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AssemblyStack, resourcesOfType } from '../assembly';
import { IntrinsicContext, ResolvedResource, tryResolve } from '../intrinsics';
import { LocalFunctionDefinition, unsupportedRuntime } from './runner';

/**
 * The stack's `AWS::Lambda::Function`s as the runner can run them: code from the assembly's file
 * assets (or inline `ZipFile` code), handler, runtime, timeout, memory and the template's
 * environment with intrinsics resolved. A function that cannot run locally keeps the reason.
 */
export interface FunctionEntry {
  readonly logicalId: string;
  readonly functionArn: string;
  /** Its execution role's ARN (`Role`), when it resolves. */
  readonly roleArn?: string;
  readonly definition?: LocalFunctionDefinition;
  /** Why it cannot run locally (the 501's message). */
  readonly unsupported?: string;
  /** Environment variables left out because they cannot be resolved locally. */
  readonly warnings: readonly string[];
}

/** Names and ARNs first: other resources' properties (and environments) refer to them. */
export function registerFunctions(stack: AssemblyStack, context: IntrinsicContext, resources: Map<string, ResolvedResource>): void {
  for (const [logicalId, resource] of resourcesOfType(stack.template, 'AWS::Lambda::Function')) {
    const explicitName = tryResolve(resource.Properties?.FunctionName, context).value;
    const functionName = typeof explicitName === 'string' ? explicitName : `${stack.stackName}-${logicalId}`.slice(0, 64);
    const functionArn = `arn:aws:lambda:${context.region}:${context.account}:function:${functionName}`;
    resources.set(logicalId, { ref: functionName, attributes: { Arn: functionArn } });
  }
}

function inlineCode(logicalId: string, runtime: string, handler: string, code: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cdk-local-${logicalId}-`));
  const moduleName = handler.slice(0, handler.lastIndexOf('.')) || 'index';
  fs.writeFileSync(path.join(dir, `${moduleName}${runtime.startsWith('python') ? '.py' : '.js'}`), code);
  return dir;
}

export function readFunctions(stack: AssemblyStack, context: IntrinsicContext): FunctionEntry[] {
  return resourcesOfType(stack.template, 'AWS::Lambda::Function').map(([logicalId, resource]) => {
    const properties = resource.Properties ?? {};
    const { ref: functionName, attributes } = context.resources.get(logicalId)!;
    const functionArn = attributes!.Arn;
    const warnings: string[] = [];
    const fail = (reason: string): FunctionEntry => ({ logicalId, functionArn, unsupported: reason, warnings });

    const runtime = String(properties.Runtime ?? '');
    if (properties.PackageType === 'Image' || properties.Code?.ImageUri) return fail(`${logicalId} is a container image function, which the runner does not run`);
    const runtimeProblem = unsupportedRuntime(runtime);
    if (runtimeProblem) return fail(`${logicalId}: ${runtimeProblem}`);
    const handler = String(properties.Handler ?? 'index.handler');

    let codeDir: string | undefined;
    if (typeof properties.Code?.ZipFile === 'string') {
      codeDir = inlineCode(logicalId, runtime, handler, properties.Code.ZipFile);
    } else {
      const objectKey = tryResolve(properties.Code?.S3Key, context).value;
      codeDir = typeof objectKey === 'string' ? stack.assetsByObjectKey.get(objectKey) : undefined;
      if (!codeDir) return fail(`${logicalId}: its code is not a file asset of this assembly (S3Key ${JSON.stringify(properties.Code?.S3Key)})`);
      if (!fs.existsSync(codeDir) || !fs.statSync(codeDir).isDirectory()) {
        return fail(`${logicalId}: its asset ${codeDir} is not a directory (zip file assets are not unpacked by the runner)`);
      }
    }

    const environment: Record<string, string> = {};
    for (const [name, value] of Object.entries<unknown>(properties.Environment?.Variables ?? {})) {
      const resolved = tryResolve(value, context);
      if (resolved.error) warnings.push(`${logicalId}: environment variable ${name} left unset: ${resolved.error}`);
      else environment[name] = String(resolved.value);
    }
    const role = tryResolve(properties.Role, context).value;
    return {
      logicalId,
      functionArn,
      ...typeof role === 'string' ? { roleArn: role } : {},
      warnings,
      definition: {
        logicalId,
        functionName,
        functionArn,
        runtime,
        handler,
        codeDir,
        environment,
        timeoutSeconds: Number(properties.Timeout ?? 3),
        memorySize: Number(properties.MemorySize ?? 128),
        region: context.region,
      },
    };
  });
}

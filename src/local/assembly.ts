import * as fs from 'fs';
import * as path from 'path';

/** A CloudFormation template as the CDK writes it (only what the runner reads). */
export interface Template {
  readonly Resources?: Record<string, TemplateResource>;
  readonly Outputs?: Record<string, { readonly Value: unknown; readonly Description?: string }>;
}

export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, any>;
  readonly Metadata?: Record<string, unknown>;
  readonly DependsOn?: string | string[];
}

/** One stack of a cloud assembly, with its file assets resolved to directories on disk. */
export interface AssemblyStack {
  /** The artifact id, e.g. `BlogExampleStack` (or `Stage/Stack` for stacks inside a stage). */
  readonly id: string;
  /** The CloudFormation stack name. */
  readonly stackName: string;
  /** Region of the stack's environment, or undefined when environment-agnostic. */
  readonly region?: string;
  /** Account of the stack's environment, or undefined when environment-agnostic. */
  readonly account?: string;
  readonly template: Template;
  /** S3 object key of each file asset (`<hash>.zip`) → its directory or file in the assembly. */
  readonly assetsByObjectKey: ReadonlyMap<string, string>;
}

interface ManifestArtifact {
  readonly type: string;
  readonly environment?: string;
  readonly properties?: Record<string, any>;
  readonly displayName?: string;
}

/** Thrown when the directory is not a readable cloud assembly. */
export class AssemblyError extends Error {}

function readJson(file: string): any {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf-8'));
  } catch (error) {
    throw new AssemblyError(`cannot read ${file}: ${(error as Error).message}`);
  }
}

function parseEnvironment(environment: string | undefined): { account?: string; region?: string } {
  const match = /^aws:\/\/([^/]+)\/([^/]+)$/.exec(environment ?? '');
  if (!match) return {};
  return {
    account: match[1].startsWith('unknown-') ? undefined : match[1],
    region: match[2].startsWith('unknown-') ? undefined : match[2],
  };
}

function readAssets(dir: string, manifestFile: string): Map<string, string> {
  const assets = new Map<string, string>();
  const manifest = readJson(path.join(dir, manifestFile));
  for (const asset of Object.values<any>(manifest.files ?? {})) {
    const source = asset.source?.path;
    if (typeof source !== 'string') continue; // executable-built assets have no path
    for (const destination of Object.values<any>(asset.destinations ?? {})) {
      if (typeof destination.objectKey === 'string') {
        assets.set(destination.objectKey, path.resolve(dir, source));
      }
    }
  }
  return assets;
}

function readStacks(dir: string, prefix: string): AssemblyStack[] {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) {
    throw new AssemblyError(`${dir} is not a cloud assembly (no manifest.json): run "cdk synth" first, or pass --app <dir>`);
  }
  const artifacts: Record<string, ManifestArtifact> = readJson(manifestFile).artifacts ?? {};
  const stacks: AssemblyStack[] = [];
  for (const [id, artifact] of Object.entries(artifacts)) {
    if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) {
      // A Stage: its stacks live in a nested assembly.
      stacks.push(...readStacks(path.join(dir, artifact.properties.directoryName), `${prefix}${artifact.properties.displayName ?? id}/`));
      continue;
    }
    if (artifact.type !== 'aws:cloudformation:stack') continue;
    const assets = new Map<string, string>();
    for (const dependency of Object.values(artifacts)) {
      if (dependency.type === 'cdk:asset-manifest' && dependency.properties?.file) {
        for (const [key, value] of readAssets(dir, dependency.properties.file)) assets.set(key, value);
      }
    }
    stacks.push({
      id: `${prefix}${id}`,
      stackName: artifact.properties?.stackName ?? id,
      ...parseEnvironment(artifact.environment),
      template: readJson(path.join(dir, artifact.properties?.templateFile ?? `${id}.template.json`)),
      assetsByObjectKey: assets,
    });
  }
  return stacks;
}

/** Reads every stack of the cloud assembly in `dir` (nested stages included). */
export function readAssembly(dir: string): AssemblyStack[] {
  return readStacks(path.resolve(dir), '');
}

/** Resources of one type, as [logicalId, resource] pairs in template order. */
export function resourcesOfType(template: Template, type: string): Array<[string, TemplateResource]> {
  return Object.entries(template.Resources ?? {}).filter(([, resource]) => resource.Type === type);
}

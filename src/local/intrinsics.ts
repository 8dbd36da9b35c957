/**
 * Resolves the CloudFormation intrinsic functions the CDK emits (`Ref`, `Fn::GetAtt`, `Fn::Join`,
 * `Fn::Select`, `Fn::Split`, `Fn::Sub`) against the ids the emulator gave to each logical id.
 */

/** What the runner knows about one resource: its `Ref` value and its attributes. */
export interface ResolvedResource {
  readonly ref: string;
  readonly attributes?: Readonly<Record<string, string>>;
}

export interface IntrinsicContext {
  readonly region: string;
  readonly account: string;
  readonly stackName: string;
  /** logical id → what the emulator (or the runner) made of it. */
  readonly resources: ReadonlyMap<string, ResolvedResource>;
}

/** Thrown for a value the runner cannot resolve locally; the message names the reference. */
export class UnresolvableError extends Error {}

function pseudoParameter(name: string, context: IntrinsicContext): string | undefined {
  switch (name) {
    case 'AWS::Region': return context.region;
    case 'AWS::AccountId': return context.account;
    case 'AWS::Partition': return context.region.startsWith('cn-') ? 'aws-cn' : context.region.includes('-gov-') ? 'aws-us-gov' : 'aws';
    case 'AWS::URLSuffix': return context.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
    case 'AWS::StackName': return context.stackName;
    case 'AWS::StackId': return `arn:aws:cloudformation:${context.region}:${context.account}:stack/${context.stackName}/00000000-0000-0000-0000-000000000000`;
    case 'AWS::NoValue': return undefined;
    default: return undefined;
  }
}

function ref(name: string, context: IntrinsicContext): string {
  if (name.startsWith('AWS::')) {
    const value = pseudoParameter(name, context);
    if (value === undefined) throw new UnresolvableError(`{"Ref": "${name}"} has no local value`);
    return value;
  }
  const resource = context.resources.get(name);
  if (!resource) throw new UnresolvableError(`{"Ref": "${name}"}: the runner does not emulate that resource`);
  return resource.ref;
}

function getAtt(logicalId: string, attribute: string, context: IntrinsicContext): string {
  const value = context.resources.get(logicalId)?.attributes?.[attribute];
  if (value === undefined) {
    throw new UnresolvableError(`{"Fn::GetAtt": ["${logicalId}", "${attribute}"]}: the runner does not emulate that attribute`);
  }
  return value;
}

function asString(value: unknown, where: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new UnresolvableError(`${where} must resolve to a string, got ${JSON.stringify(value)}`);
}

function sub(template: string, variables: Record<string, unknown>, context: IntrinsicContext): string {
  return template.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
    if (name.startsWith('!')) return `\${${name.slice(1)}}`; // ${!Literal}
    if (name in variables) return asString(resolve(variables[name], context), `Fn::Sub variable ${name}`);
    const dot = name.indexOf('.');
    if (dot > 0 && !name.startsWith('AWS::')) return getAtt(name.slice(0, dot), name.slice(dot + 1), context);
    return ref(name, context);
  });
}

/** Resolves every intrinsic inside `value` (deeply). Throws {@link UnresolvableError}. */
export function resolve(value: unknown, context: IntrinsicContext): any {
  if (Array.isArray(value)) return value.map((item) => resolve(item, context));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  if (entries.length === 1) {
    const [key, argument] = entries[0] as [string, any];
    switch (key) {
      case 'Ref':
        return ref(argument, context);
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = typeof argument === 'string' ? argument.split(/\.(.*)/s) : argument;
        return getAtt(logicalId, asString(resolve(attribute, context), 'Fn::GetAtt attribute'), context);
      }
      case 'Fn::Join': {
        const [delimiter, parts] = argument;
        return (resolve(parts, context) as unknown[]).map((part) => asString(part, 'Fn::Join part')).join(delimiter);
      }
      case 'Fn::Select': {
        const [index, list] = resolve(argument, context);
        const item = (list as unknown[])[Number(index)];
        if (item === undefined) throw new UnresolvableError(`Fn::Select index ${index} is out of range`);
        return item;
      }
      case 'Fn::Split': {
        const [delimiter, source] = argument;
        return asString(resolve(source, context), 'Fn::Split source').split(delimiter);
      }
      case 'Fn::Sub':
        return typeof argument === 'string' ? sub(argument, {}, context) : sub(argument[0], argument[1] ?? {}, context);
      case 'Fn::Base64':
        return Buffer.from(asString(resolve(argument, context), 'Fn::Base64 argument')).toString('base64');
      default:
        if (key.startsWith('Fn::') || key === 'Condition') {
          throw new UnresolvableError(`${key} is not supported by the local runner`);
        }
    }
  }
  return Object.fromEntries(entries.map(([key, item]) => [key, resolve(item, context)]));
}

/** Like {@link resolve}, but answers `undefined` (with the reason) instead of throwing. */
export function tryResolve(value: unknown, context: IntrinsicContext): { value?: any; error?: string } {
  try {
    return { value: resolve(value, context) };
  } catch (error) {
    if (error instanceof UnresolvableError) return { error: error.message };
    throw error;
  }
}

import { environmentBytes } from '../src/construct/validation/quotas';

/**
 * The two Lambda sizes that only bite at deploy, measured on a synthesized template: a function's
 * resource-based policy (20 KB) and its environment (4 KB). Shared by the scale tests and the bench.
 */
export const POLICY_BYTES = 20 * 1024;

/** The resource-based policy Lambda would build from a function's permissions, with realistic ids. */
export function policyBytes(permissions: any[]): number {
  const statements = permissions.map((p, i) => ({
    Sid: `cdk-cognito-protected-http-api-Permission${i}-ABCDEF123456`,
    Effect: 'Allow',
    Principal: { Service: p.Principal },
    Action: p.Action,
    Resource: 'arn:aws:lambda:eu-west-1:123456789012:function:TestStack-HandlerABCDEF12-AbCdEfGhIjKl',
    Condition: {
      ...(p.SourceAccount ? { StringEquals: { 'AWS:SourceAccount': '123456789012' } } : {}),
      ArnLike: { 'AWS:SourceArn': `arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5${JSON.stringify(p.SourceArn).split('"/')[1]?.replace(/".*/, '') ?? ''}` },
    },
  }));
  return Buffer.byteLength(JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: statements }));
}

type Resources = Record<string, { Type: string; Properties?: any }>;

/** The largest policy of any function of the template (its permissions grouped by function). */
export function largestPolicyBytes(resources: Resources): number {
  const byFunction = new Map<string, any[]>();
  for (const r of Object.values(resources).filter((x) => x.Type === 'AWS::Lambda::Permission')) {
    const key = JSON.stringify(r.Properties.FunctionName);
    byFunction.set(key, [...(byFunction.get(key) ?? []), r.Properties]);
  }
  return Math.max(0, ...[...byFunction.values()].map(policyBytes));
}

/** A function's environment as Lambda counts it (keys and values; tokens as their template JSON). */
export function functionEnvironmentBytes(fn: { Properties?: any }): number {
  const variables: Record<string, unknown> = fn.Properties?.Environment?.Variables ?? {};
  return environmentBytes(Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])));
}

/** The largest environment of any function of the template. */
export function largestEnvironmentBytes(resources: Resources): number {
  return Math.max(0, ...Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Function').map(functionEnvironmentBytes));
}

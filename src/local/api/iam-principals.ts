import { createHash, randomBytes } from 'crypto';
import { AssemblyStack, resourcesOfType } from '../assembly';
import { IntrinsicContext, ResolvedResource, tryResolve } from '../intrinsics';
import { SigV4Credentials } from './sigv4';

/**
 * The template's IAM roles as local principals: each role's name and ARN (what `Ref` and `GetAtt`
 * give), its identity policies read from the template, and local credentials — temporary ones, as
 * Lambda gives a function of its execution role (access key id, secret and session token).
 */

export interface IamPrincipal {
  readonly logicalId: string;
  readonly roleName: string;
  /** `arn:aws:iam::<account>:role/<name>` */
  readonly arn: string;
  /** `AROA…`, the role's unique id (the `callerId`'s first part). */
  readonly roleId: string;
  readonly account: string;
  /** Its identity policies: the role's inline `Policies`, the `AWS::IAM::Policy`s and template `AWS::IAM::ManagedPolicy`s attached to it. */
  readonly policies: readonly unknown[];
  /** What could not be read: managed policies outside the template, unresolvable documents. */
  readonly unreadable: readonly string[];
}

/** Credentials of a principal for one session name (a function's name, or `local`). */
export interface PrincipalCredentials extends Required<SigV4Credentials> {
  readonly principal: IamPrincipal;
  readonly sessionName: string;
}

/** What the endpoints file lists for each role (by logical id). */
export interface IamPrincipalInfo {
  readonly roleName: string;
  readonly arn: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
}

/** Secrets differ from one runner process to the next, and stay the same across --watch reloads. */
const SALT = randomBytes(16).toString('hex');

const digest = (...parts: string[]) => createHash('sha256').update([SALT, ...parts].join('\0')).digest();

/** A role's name as CloudFormation would make it (`<stack>-<logicalId>`, 64 characters at most) unless the template names it. */
export function registerRoles(stack: AssemblyStack, context: IntrinsicContext, resources: Map<string, ResolvedResource>): void {
  for (const [logicalId, resource] of resourcesOfType(stack.template, 'AWS::IAM::Role')) {
    const explicit = tryResolve(resource.Properties?.RoleName, context).value;
    const roleName = typeof explicit === 'string' ? explicit : `${stack.stackName}-${logicalId}`.slice(0, 64);
    const roleId = `AROA${digest('role', stack.id, logicalId).toString('hex').slice(0, 17).toUpperCase()}`;
    resources.set(logicalId, { ref: roleName, attributes: { Arn: `arn:aws:iam::${context.account}:role/${roleName}`, RoleId: roleId } });
  }
}

function attachedTo(roles: unknown, roleName: string, context: IntrinsicContext): boolean {
  const value = tryResolve(roles, context).value;
  return Array.isArray(value) && value.includes(roleName);
}

/** The template's roles (registered by {@link registerRoles}) with their identity policies. */
export function readIamPrincipals(stack: AssemblyStack, context: IntrinsicContext): IamPrincipal[] {
  const policies = resourcesOfType(stack.template, 'AWS::IAM::Policy');
  const managed = resourcesOfType(stack.template, 'AWS::IAM::ManagedPolicy');
  return resourcesOfType(stack.template, 'AWS::IAM::Role').map(([logicalId, role]) => {
    const { ref: roleName, attributes } = context.resources.get(logicalId)!;
    const documents: unknown[] = [];
    const unreadable: string[] = [];
    const read = (document: unknown, where: string) => {
      const { value, error } = tryResolve(document, context);
      if (error) unreadable.push(`${where}: ${error}`);
      else documents.push(value);
    };
    for (const inline of role.Properties?.Policies ?? []) read(inline?.PolicyDocument, `inline policy ${inline?.PolicyName}`);
    for (const [id, policy] of policies) if (attachedTo(policy.Properties?.Roles, roleName, context)) read(policy.Properties?.PolicyDocument, id);
    const managedRefs = new Set<string>();
    for (const arn of [role.Properties?.ManagedPolicyArns ?? []].flat()) {
      const id = typeof arn?.Ref === 'string' && managed.some(([candidate]) => candidate === arn.Ref) ? arn.Ref : undefined;
      if (id) managedRefs.add(id);
      else unreadable.push(`managed policy ${JSON.stringify(tryResolve(arn, context).value ?? arn)} (not in the template)`);
    }
    for (const [id, policy] of managed) {
      if (managedRefs.has(id) || attachedTo(policy.Properties?.Roles, roleName, context)) read(policy.Properties?.PolicyDocument, id);
    }
    return { logicalId, roleName, arn: attributes!.Arn, roleId: attributes!.RoleId, account: context.account, policies: documents, unreadable };
  });
}

/** The principal's credentials for a session (Lambda: the function's name); the same for the same session. */
export function credentialsFor(principal: IamPrincipal, sessionName = 'local'): PrincipalCredentials {
  const hash = digest('credentials', principal.arn, sessionName);
  return {
    principal,
    sessionName,
    accessKeyId: `ASIA${hash.toString('hex').slice(0, 16).toUpperCase()}`,
    secretAccessKey: hash.toString('base64').slice(0, 40),
    sessionToken: `local-${digest('token', principal.arn, sessionName).toString('base64url')}`,
  };
}

/** What a function of the role gets in its environment, as on Lambda. */
export function credentialsEnvironment(credentials: SigV4Credentials): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    ...credentials.sessionToken ? { AWS_SESSION_TOKEN: credentials.sessionToken } : {},
  };
}

export function principalInfo(principal: IamPrincipal): IamPrincipalInfo {
  const { accessKeyId, secretAccessKey, sessionToken } = credentialsFor(principal);
  return { roleName: principal.roleName, arn: principal.arn, accessKeyId, secretAccessKey, sessionToken };
}

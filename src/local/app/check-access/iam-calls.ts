import { randomBytes } from 'crypto';
import { DeclaredRoute, declaredRoute, refersTo } from './declared-routes';
import { AnswerClass, answerClass } from './expectations';
import { CheckResult } from './report';
import { ACCESS_METADATA_KEY } from '../../../shared/access-metadata';
import { signRequest, SigV4Credentials } from '../../api/sigv4';
import { AssemblyStack, resourcesOfType } from '../../assembly';
import { LocalStackInfo, sampleRequest } from '../stack-starter';

/**
 * `check-access` on the IAM routes: those with `AuthorizationType: AWS_IAM` in the template and those
 * the construct declares `iam` (an override may have changed the type). Each is called unsigned
 * (API Gateway: 403 "Missing Authentication Token"), signed as a role that may call it (reached) and
 * signed as a role that may not, or a made-up principal when every role may (403) — with the local
 * credentials the runner gives each role. Who may call it: the declared `grantees` (the roles of the
 * stack among them), else the roles whose policies in the template allow `execute-api:Invoke` on it.
 */

interface IamCaller {
  readonly name: string;
  readonly phrase: string;
  readonly credentials?: SigV4Credentials;
  readonly expected: AnswerClass;
}

/** A principal no role of the template is: keys the runner does not know. */
const MADE_UP: SigV4Credentials = { accessKeyId: 'ASIACHECKACCESS00000', secretAccessKey: randomBytes(30).toString('base64') };

/** The caller without a signature: every IAM route refuses it (403 "Missing Authentication Token"). */
export const UNSIGNED: IamCaller = { name: 'unsigned', phrase: 'unsigned', expected: '403' };

function callersFor(stack: LocalStackInfo, grantedTo: readonly string[]): IamCaller[] {
  const roles = Object.keys(stack.iamPrincipals);
  const granted = grantedTo[0];
  const other = roles.find((role) => !grantedTo.includes(role));
  return [
    UNSIGNED,
    ...granted ? [{ name: 'iam granted', phrase: `signed as ${granted} (granted execute-api:Invoke)`, credentials: stack.iamPrincipals[granted], expected: 'reached' as const }] : [],
    other
      ? { name: 'iam not granted', phrase: `signed as ${other} (no grant)`, credentials: stack.iamPrincipals[other], expected: '403' }
      : { name: 'iam not granted', phrase: 'signed as a principal of no role', credentials: MADE_UP, expected: '403' },
  ];
}

/** A declared grantee's role logical id, when it is a role of the stack (`{"Fn::GetAtt": [<id>, "Arn"]}`). */
function roleOf(grantee: unknown, stack: LocalStackInfo): string[] {
  const getAtt = (grantee as { 'Fn::GetAtt'?: unknown[] } | null)?.['Fn::GetAtt'];
  const id = Array.isArray(getAtt) && getAtt[1] === 'Arn' ? String(getAtt[0]) : undefined;
  return id && stack.iamPrincipals[id] ? [id] : [];
}

/** Calls the stack's IAM routes as the callers above; a note in `skipped` for a route no role may call. */
export async function callIamRoutes(template: AssemblyStack, stack: LocalStackInfo, skipped: string[]): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const routes = resourcesOfType(template.template, 'AWS::ApiGatewayV2::Route').filter(([, route]) =>
    route.Properties?.AuthorizationType === 'AWS_IAM' || (route.Metadata?.[ACCESS_METADATA_KEY] as { kind?: string } | undefined)?.kind === 'iam');
  for (const api of stack.apis) {
    for (const [logicalId, resource] of routes.filter(([, route]) => refersTo(route.Properties?.ApiId, api.logicalId))) {
      const routeKey = String(resource.Properties?.RouteKey);
      const inTemplate = declaredRoute(logicalId, { ...resource, Metadata: { [ACCESS_METADATA_KEY]: { kind: 'iam', authorizer: 'iam' } } });
      const declared = resource.Metadata?.[ACCESS_METADATA_KEY] ? declaredRoute(logicalId, resource) : undefined;
      const declaredRoles = declared?.declared.grantees?.flatMap((grantee) => roleOf(grantee, stack)) ?? [];
      const grantedTo = declared?.declared.grantees ? declaredRoles : api.routes.find((route) => route.routeKey === routeKey)?.iamGrantedTo ?? [];
      if (grantedTo.length === 0) skipped.push(`${stack.id} ${api.name} ${routeKey}: no role of the stack ${declared ? 'is declared a grantee of it' : 'is granted execute-api:Invoke on it'}`);
      const route: DeclaredRoute = { ...declared ?? inTemplate, iamGrantedTo: grantedTo };
      results.push(...await callIamRoute(stack.id, api.name, api.url, route, callersFor(stack, grantedTo), stack.region));
    }
  }
  return results;
}

/** Calls one IAM route (of the API at `apiUrl`, ending in `/`) as each caller, signing in `region`. */
export async function callIamRoute(
  stack: string, api: string, apiUrl: string, route: DeclaredRoute, callers: readonly IamCaller[], region: string,
): Promise<CheckResult[]> {
  const [method, path] = sampleRequest(route.routeKey);
  const url = new URL(path.replace(/^\//, ''), apiUrl);
  const results: CheckResult[] = [];
  for (const caller of callers) {
    const headers = caller.credentials ? await signRequest(caller.credentials, region, url, { method }) : {};
    const response = await fetch(url, { method, headers });
    await response.arrayBuffer();
    const { status } = response;
    const { name, phrase, expected } = caller;
    results.push({ stack, api, route, caller: name, callerPhrase: phrase, expected, status, actual: answerClass(status) });
  }
  return results;
}

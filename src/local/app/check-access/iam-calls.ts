import { randomBytes } from 'crypto';
import { signRequest, SigV4Credentials } from '../../api/sigv4';
import { LocalStackInfo, sampleRequest } from '../stack-starter';
import { DeclaredRoute, refersTo } from './declared-routes';
import { AnswerClass, answerClass } from './expectations';
import { CheckResult } from './report';
import { AssemblyStack, resourcesOfType } from '../../assembly';

/**
 * `check-access` on the `AWS_IAM` routes (found by their `AuthorizationType` in the template; they
 * need no declared access): each is called unsigned (API Gateway: 403 "Missing Authentication
 * Token"), signed as a role whose policies in the template allow `execute-api:Invoke` on it
 * (reached), and signed as a role that lacks the grant, or a made-up principal when every role has
 * it (403) — with the local credentials the runner gives each role.
 */

interface IamCaller {
  readonly name: string;
  readonly phrase: string;
  readonly credentials?: SigV4Credentials;
  readonly expected: AnswerClass;
}

/** A principal no role of the template is: keys the runner does not know. */
const MADE_UP: SigV4Credentials = { accessKeyId: 'ASIACHECKACCESS00000', secretAccessKey: randomBytes(30).toString('base64') };

function callersFor(stack: LocalStackInfo, grantedTo: readonly string[]): IamCaller[] {
  const roles = Object.keys(stack.iamPrincipals);
  const granted = grantedTo[0];
  const other = roles.find((role) => !grantedTo.includes(role));
  return [
    { name: 'unsigned', phrase: 'unsigned', expected: '403' },
    ...granted ? [{ name: 'iam granted', phrase: `signed as ${granted} (granted execute-api:Invoke)`, credentials: stack.iamPrincipals[granted], expected: 'reached' as const }] : [],
    other
      ? { name: 'iam not granted', phrase: `signed as ${other} (no grant)`, credentials: stack.iamPrincipals[other], expected: '403' }
      : { name: 'iam not granted', phrase: 'signed as a principal of no role', credentials: MADE_UP, expected: '403' },
  ];
}

/** Calls the stack's `AWS_IAM` routes as the callers above; a note in `skipped` for a route no role may call. */
export async function callIamRoutes(template: AssemblyStack, stack: LocalStackInfo, skipped: string[]): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const routes = resourcesOfType(template.template, 'AWS::ApiGatewayV2::Route').filter(([, route]) => route.Properties?.AuthorizationType === 'AWS_IAM');
  for (const api of stack.apis) {
    for (const [logicalId, resource] of routes.filter(([, route]) => refersTo(route.Properties?.ApiId, api.logicalId))) {
      const routeKey = String(resource.Properties?.RouteKey);
      const grantedTo = api.routes.find((route) => route.routeKey === routeKey)?.iamGrantedTo ?? [];
      if (grantedTo.length === 0) skipped.push(`${stack.id} ${api.name} ${routeKey}: no role of the template is granted execute-api:Invoke on it`);
      const route: DeclaredRoute = {
        logicalId,
        routeKey,
        declared: { kind: 'iam', scopes: [], groups: [], machineClients: [], authorizer: 'iam' },
        authorizationType: 'AWS_IAM',
        authorizationScopes: [],
        iamGrantedTo: grantedTo,
      };
      const [method, path] = sampleRequest(routeKey);
      const url = new URL(path.replace(/^\//, ''), api.url);
      for (const caller of callersFor(stack, grantedTo)) {
        const headers = caller.credentials ? await signRequest(caller.credentials, stack.region, url, { method }) : {};
        const response = await fetch(url, { method, headers });
        await response.arrayBuffer();
        results.push({
          stack: stack.id,
          api: api.name,
          route,
          caller: caller.name,
          callerPhrase: caller.phrase,
          expected: caller.expected,
          status: response.status,
          actual: answerClass(response.status),
        });
      }
    }
  }
  return results;
}

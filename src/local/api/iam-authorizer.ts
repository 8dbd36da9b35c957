import { evaluatePolicies } from './iam-policy';
import { credentialsFor, IamPrincipal, PrincipalCredentials } from './iam-principals';
import { GatewayRequest } from './payload-v2';
import { expectedSignature, parseAmzDate, parseAuthorization } from './sigv4';

/**
 * A route's `AuthorizationType: AWS_IAM` ("Control access to HTTP APIs with IAM authorization"):
 * the request's SigV4 signature must verify with a known principal's keys, its date be within 5
 * minutes, its session token be that principal's, and the principal's identity policies must allow
 * `execute-api:Invoke` on the route's ARN. The refusals are API Gateway's (AWS knowledge center,
 * "How do I troubleshoot HTTP 403 errors from API Gateway?" and "…signature mismatch errors when
 * making SigV4 signed requests with IAM authentication to API Gateway?"): 403 with an
 * `x-amzn-errortype` header and the message.
 */

/** `requestContext.authorizer.iam` of payload format 2.0. */
export interface IamContext {
  readonly accessKey: string;
  readonly accountId: string;
  readonly callerId: string;
  readonly cognitoIdentity: null;
  readonly principalOrgId: null;
  readonly userArn: string;
  readonly userId: string;
}

export type IamDecision =
  | { readonly allowed: true; readonly context: IamContext }
  | { readonly allowed: false; readonly status: 403; readonly errorType: string; readonly message: string; readonly error: string };

const SKEW_MS = 5 * 60 * 1000;

const amzDate = (date: Date) => date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

function refuse(errorType: string, message: string, error = message): IamDecision {
  return { allowed: false, status: 403, errorType, message, error };
}

export class IamAuthorizer {
  private readonly keys = new Map<string, PrincipalCredentials>();

  constructor(readonly principals: readonly IamPrincipal[], private readonly region = 'us-east-1', private readonly now: () => number = Date.now) {}

  /** Credentials of `principal` for `sessionName`, known to this authorizer from now on. */
  credentials(principal: IamPrincipal, sessionName = 'local'): PrincipalCredentials {
    const credentials = credentialsFor(principal, sessionName);
    this.keys.set(credentials.accessKeyId, credentials);
    return credentials;
  }

  /** The principals (logical ids) whose policies allow `execute-api:Invoke` on `routeArn`. */
  grantedTo(routeArn: string): string[] {
    return this.principals.filter((principal) => evaluatePolicies(principal.policies, 'execute-api:Invoke', routeArn).decision === 'allow')
      .map((principal) => principal.logicalId);
  }

  async authorize(request: GatewayRequest, routeArn: string): Promise<IamDecision> {
    const header = request.headers.authorization;
    const authorizationHeader = Array.isArray(header) ? header.join(',') : header;
    if (!authorizationHeader) {
      return refuse('MissingAuthenticationTokenException', 'Missing Authentication Token',
        new URLSearchParams(request.rawQueryString).has('X-Amz-Signature')
          ? 'query-string (presigned) SigV4 is not checked locally: sign with the Authorization header' : 'no Authorization header');
    }
    const authorization = parseAuthorization(authorizationHeader);
    if ('missing' in authorization) {
      return refuse('IncompleteSignatureException',
        `${authorization.missing.map((name) => `Authorization header requires '${name}' parameter.`).join(' ')} Authorization=${authorizationHeader}`);
    }
    if (authorization.service !== 'execute-api') {
      return refuse('InvalidSignatureException', 'Credential should be scoped to correct service: \'execute-api\'. ');
    }
    if (authorization.region !== this.region) {
      return refuse('InvalidSignatureException', 'Credential should be scoped to a valid region. ', `signed for ${authorization.region}, the API is in ${this.region}`);
    }
    const known = this.known(authorization.accessKeyId);
    const token = request.headers['x-amz-security-token'];
    if (!known || (token ?? undefined) !== known.sessionToken) {
      return refuse('AccessDeniedException', 'The security token included in the request is invalid.',
        known ? 'the session token is not the access key\'s' : `access key ${authorization.accessKeyId} is not a local principal's`);
    }
    const dateHeader = request.headers['x-amz-date'];
    const signedAt = parseAmzDate(Array.isArray(dateHeader) ? dateHeader[0] : dateHeader);
    if (!signedAt) {
      return refuse('IncompleteSignatureException', 'Authorization header requires existence of either a \'X-Amz-Date\' or a \'Date\' header.');
    }
    const now = this.now();
    if (signedAt.getTime() < now - SKEW_MS) {
      return refuse('InvalidSignatureException',
        `Signature expired: ${amzDate(signedAt)} is now earlier than ${amzDate(new Date(now - SKEW_MS))} (${amzDate(new Date(now))} - 5 min.)`);
    }
    if (signedAt.getTime() > now + SKEW_MS) {
      return refuse('InvalidSignatureException',
        `Signature not yet current: ${amzDate(signedAt)} is still later than ${amzDate(new Date(now + SKEW_MS))} (${amzDate(new Date(now))} + 5 min.)`);
    }
    const headers = Object.fromEntries(Object.entries(request.headers).flatMap(([name, value]) =>
      value === undefined ? [] : [[name, Array.isArray(value) ? value.join(',') : value]]));
    const expected = await expectedSignature({
      method: request.method, path: request.receivedPath ?? request.rawPath, rawQueryString: request.rawQueryString, headers, body: request.body,
    }, authorization, known, signedAt);
    if (expected !== authorization.signature) {
      return refuse('InvalidSignatureException', 'The request signature we calculated does not match the signature you provided. '
        + 'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.');
    }

    const { principal, sessionName } = known;
    const userArn = `arn:aws:sts::${principal.account}:assumed-role/${principal.roleName}/${sessionName}`;
    const evaluation = evaluatePolicies(principal.policies, 'execute-api:Invoke', routeArn);
    if (evaluation.decision !== 'allow') {
      const why = evaluation.decision === 'explicitDeny' ? 'with an explicit deny' : 'because no identity-based policy allows the execute-api:Invoke action';
      const unread = [...principal.unreadable, ...evaluation.notes];
      return refuse('AccessDeniedException', `User: ${userArn} is not authorized to perform: execute-api:Invoke on resource: ${routeArn} ${why}`,
        `${principal.logicalId}'s policies do not allow execute-api:Invoke on ${routeArn}${unread.length ? ` (not read locally: ${unread.join('; ')})` : ''}`);
    }
    const callerId = `${principal.roleId}:${sessionName}`;
    return {
      allowed: true,
      context: {
        accessKey: known.accessKeyId, accountId: principal.account, callerId, cognitoIdentity: null, principalOrgId: null, userArn, userId: callerId,
      },
    };
  }

  /** The credentials of an access key: a session handed out, or a role's `local` session (the endpoints file's). */
  private known(accessKeyId: string): PrincipalCredentials | undefined {
    if (!this.keys.has(accessKeyId)) for (const principal of this.principals) this.credentials(principal);
    return this.keys.get(accessKeyId);
  }
}

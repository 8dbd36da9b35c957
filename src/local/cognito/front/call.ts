import * as http from 'http';
import { CognitoClient, CognitoError } from '../client';
import { CognitoTokenSigner, TokenUser } from '../tokens';
import { LocalTrigger, runTrigger } from '../triggers';
import { loadUser } from '../users';
import type { AppClient } from './client-rules';
import { IssuedSignIn } from './issued-tokens';
import { FrontState } from './state';

/** A user pool the front knows: its id, issuer, app clients and the triggers it runs. */
export interface FrontPool {
  readonly userPoolId: string;
  /** The `iss` of its tokens (the runner's issuer mode decides it). */
  readonly issuer: string;
  /** Its domain's local OAuth 2.0 endpoints, if it has a domain (for its discovery document). */
  readonly oauthUrl?: string;
  readonly region: string;
  readonly clientIds: readonly string[];
  readonly triggers: Readonly<Record<string, LocalTrigger>>;
  /** The template's passkey settings (the pool's first factors are DescribeUserPool's: pool-settings.ts). */
  readonly signIn: PoolSignIn;
  /** Its domain, as DescribeUserPool and DescribeUserPoolDomain read it back. */
  readonly domain?: FrontPoolDomain;
  /**
   * The template's MFA factors (`EnabledMfas`) as GetUserPoolMfaConfig reads them back
   * (`SoftwareTokenMfaConfiguration`, `SmsMfaConfiguration`, `EmailMfaConfiguration`), until
   * SetUserPoolMfaConfig sets others.
   */
  readonly mfa?: Readonly<Record<string, unknown>>;
}

/** A pool's domain (`AWS::Cognito::UserPoolDomain`). */
export interface FrontPoolDomain {
  /** The prefix, or the custom domain's host name. */
  readonly name: string;
  readonly custom: boolean;
  readonly managedLoginVersion?: number;
  readonly certificateArn?: string;
}

/** A pool's passkey settings, from its template (moto keeps none of them). */
export interface PoolSignIn {
  /** `WebAuthnRelyingPartyID` (default: the pool domain, as Cognito's). */
  readonly relyingPartyId?: string;
  /** `WebAuthnUserVerification`: `required` or `preferred` (Cognito's default). */
  readonly userVerification: string;
}

/** What moto answered, as it answered it. */
export interface MotoAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/** The front's answer to one call: JSON of its own, or moto's answer passed on. */
export type Reply = { readonly status: number; readonly json: unknown } | { readonly moto: MotoAnswer };

/** One Cognito operation the front runs (around moto, or instead of it). */
export type Operation = (call: FrontCall) => Promise<Reply>;

/** What every call shares: the emulator, the signing keys, the state kept across --watch reloads. */
export interface FrontServices {
  readonly motoEndpoint: string;
  readonly signer: CognitoTokenSigner;
  readonly state: FrontState;
  readonly log: (line: string) => void;
}

/** One call of a Cognito operation on a pool the front knows. */
export class FrontCall {
  readonly cognito: CognitoClient;
  private appClient?: Promise<AppClient | undefined>;
  /** The users this call loaded, by the name it was asked for and by their username (one lookup per user and call). */
  private readonly users: Map<string, Promise<TokenUser>>;

  constructor(
    readonly action: string,
    readonly body: Record<string, any>,
    readonly pool: FrontPool,
    readonly services: FrontServices,
    private readonly request: http.IncomingMessage,
    /** For a call with an access token the front issued: its sign-in (the body then carries moto's token). */
    readonly signIn?: IssuedSignIn,
    users?: Map<string, Promise<TokenUser>>,
  ) {
    this.cognito = new CognitoClient(services.motoEndpoint, pool.region);
    this.users = users ?? new Map();
  }

  /** The request's `Origin` (a browser page's), if any. */
  get origin(): string | undefined {
    const origin = this.request.headers.origin;
    return typeof origin === 'string' ? origin : undefined;
  }

  /** The same call with another body (a challenge's answer read as the factor it chose). */
  withBody(body: Record<string, any>): FrontCall {
    return new FrontCall(this.action, body, this.pool, this.services, this.request, this.signIn, this.users);
  }

  /** Passes the call on to moto: the request as it came, or with `body` instead of its own. */
  async forward(body: Record<string, unknown> = this.body): Promise<MotoAnswer> {
    const headers = Object.fromEntries(Object.entries(this.request.headers)
      .filter(([name]) => !['host', 'content-length', 'connection', 'transfer-encoding'].includes(name))
      .map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : String(value)]));
    const answer = await fetch(`${this.services.motoEndpoint}${this.request.url ?? '/'}`, { method: 'POST', headers, body: JSON.stringify(body) });
    return { status: answer.status, headers: answer.headers, text: await answer.text() };
  }

  /** Runs the pool's `name` trigger (if it has one) for `userName` (`response`: the event's, before); its response. Throws TriggerFailed. */
  trigger(name: string, triggerSource: string, userName: string, request: Record<string, unknown>, response?: Record<string, unknown>) {
    const { region, userPoolId, triggers } = this.pool;
    return runTrigger(triggers[name], name, triggerSource, { region, userPoolId, userName, clientId: this.body.ClientId }, request, response);
  }

  /** The user's attributes and groups, loaded once per call (a sign-in reads them before and after moto's answer). */
  user(username: string): Promise<TokenUser> {
    let loaded = this.users.get(username);
    if (!loaded) {
      loaded = loadUser(this.cognito, this.pool.userPoolId, username);
      this.users.set(username, loaded);
      loaded.then((user) => this.users.set(user.username, loaded!), () => this.users.delete(username));
    }
    return loaded;
  }

  /** The app client the call names (`ClientId`), as moto describes it (descriptions.ts); undefined without one. */
  client(): Promise<AppClient | undefined> {
    const clientId = this.body.ClientId;
    this.appClient ??= typeof clientId === 'string'
      ? this.services.state.descriptions.client(this.cognito, this.pool.userPoolId, clientId)
      : Promise.resolve(undefined);
    return this.appClient;
  }

  /** The pool, as DescribeUserPool describes it (descriptions.ts). */
  describePool(): Promise<Record<string, any>> {
    return this.services.state.descriptions.pool(this.cognito, this.pool.userPoolId);
  }
}

export const ok = (json: unknown): Reply => ({ status: 200, json });
/** A Cognito error as Cognito answers it: HTTP 400, `{ __type, message }`. */
export const failed = (error: CognitoError): Reply => ({ status: 400, json: { __type: error.code, message: error.detail } });
export const passOn = (moto: MotoAnswer): Reply => ({ moto });

/** `[{ Name, Value }]` → `{ name: value }`, as triggers receive attributes. */
export const attributesOf = (list: Array<{ Name: string; Value: string }> | undefined): Record<string, string> =>
  Object.fromEntries((list ?? []).map((a) => [a.Name, a.Value]));

import { CognitoClient, CognitoError } from '../client';
import type { AppClient } from './client-rules';

/**
 * The pools and app clients as moto describes them (DescribeUserPool, DescribeUserPoolClient),
 * read once and kept until a call that changes them: the front reads them on nearly every call
 * (password policy, message templates, aliases, the client's rules). {@link POOL_CHANGES} drop the
 * pool's entry and its clients'; so does a pool provisioned again (pool-registry.ts). A failed
 * description (no such pool or client) is not kept.
 */
export class Descriptions {
  private readonly pools = new Map<string, Promise<Record<string, any>>>();
  /** By pool id, then client id. */
  private readonly clients = new Map<string, Map<string, Promise<AppClient | undefined>>>();

  /** The pool, as DescribeUserPool answers `UserPool` (throws moto's error when there is none). */
  pool(cognito: CognitoClient, userPoolId: string): Promise<Record<string, any>> {
    let described = this.pools.get(userPoolId);
    if (!described) {
      described = cognito.call('DescribeUserPool', { UserPoolId: userPoolId }).then((answer) => answer.UserPool ?? {});
      this.keep(this.pools, userPoolId, described);
    }
    return described;
  }

  /** The app client, as DescribeUserPoolClient answers `UserPoolClient`; undefined when the pool has no such client. */
  client(cognito: CognitoClient, userPoolId: string, clientId: string): Promise<AppClient | undefined> {
    let ofPool = this.clients.get(userPoolId);
    if (!ofPool) this.clients.set(userPoolId, ofPool = new Map());
    let described = ofPool.get(clientId);
    if (!described) {
      described = cognito.call('DescribeUserPoolClient', { UserPoolId: userPoolId, ClientId: clientId }).then(
        (answer) => answer.UserPoolClient,
        (error) => {
          if (error instanceof CognitoError) return undefined;
          throw error;
        },
      );
      this.keep(ofPool, clientId, described);
    }
    return described;
  }

  /** Drops what is known of the pool and its clients. */
  forget(userPoolId: string): void {
    this.pools.delete(userPoolId);
    this.clients.delete(userPoolId);
  }

  /** Keeps a description while it is the map's, and only if it succeeds and describes something. */
  private keep<T>(map: Map<string, Promise<T>>, key: string, described: Promise<T>): void {
    map.set(key, described);
    const drop = () => {
      if (map.get(key) === described) map.delete(key);
    };
    described.then((value) => value === undefined && drop(), drop);
  }
}

/** The operations that change a pool or its clients as DescribeUserPool/DescribeUserPoolClient read them. */
export const POOL_CHANGES: ReadonlySet<string> = new Set([
  'UpdateUserPool', 'DeleteUserPool', 'AddCustomAttributes', 'SetUserPoolMfaConfig',
  'CreateUserPoolDomain', 'UpdateUserPoolDomain', 'DeleteUserPoolDomain',
  'CreateUserPoolClient', 'UpdateUserPoolClient', 'DeleteUserPoolClient',
  'AddUserPoolClientSecret', 'DeleteUserPoolClientSecret',
  'SetUICustomization', 'SetRiskConfiguration', 'SetLogDeliveryConfiguration',
]);

import { CognitoClient, CognitoError } from '../client';
import { FrontPool, FrontServices, MotoAnswer } from './call';

/**
 * Every pool on the endpoint, as the front knows it: the template's, registered at start (and again
 * by a --watch reload, which drops what the front had read of them), and the ones created through the
 * API (CreateUserPool), learned from the answer — or from moto on first sight of an id the front does
 * not know (a pool by DescribeUserPool, an app client by DescribeUserPoolClient on each pool it knows,
 * then on each pool ListUserPools names in the call's region). A pool created at runtime gets the
 * same rules as the template's; it runs no triggers, and its issuer follows the runner's issuer mode.
 */
export class PoolRegistry {
  private readonly templatePools: FrontPool[] = [];
  private readonly runtimePools = new Map<string, Promise<FrontPool | undefined>>();
  /** The pool of each app client the front has met, by client id. */
  private readonly clientPools = new Map<string, FrontPool>();

  constructor(
    private readonly services: FrontServices,
    /** The `iss` of a pool created at runtime. */
    private readonly issuerOf: (userPoolId: string, region: string) => string,
  ) {}

  /** A template's pool, provisioned (or kept by a --watch reload): what the front read of it before is dropped. */
  registerTemplatePool(pool: FrontPool): void {
    this.templatePools.push(pool);
    this.services.state.descriptions.forget(pool.userPoolId);
  }

  /** The pool with this id, or undefined when moto has none. */
  async byId(userPoolId: string): Promise<FrontPool | undefined> {
    const template = this.templatePools.find((pool) => pool.userPoolId === userPoolId);
    if (template) return template;
    let learned = this.runtimePools.get(userPoolId);
    if (!learned) {
      learned = this.learn(userPoolId);
      this.runtimePools.set(userPoolId, learned);
      // Not kept when moto has no such pool (yet).
      learned.then((pool) => pool || this.runtimePools.delete(userPoolId), () => this.runtimePools.delete(userPoolId));
    }
    return learned;
  }

  /** The template pool with this domain (moto answers for the domains created at runtime). */
  byDomain(domain: string): FrontPool | undefined {
    return this.templatePools.find((pool) => pool.domain?.name === domain);
  }

  /** The pool of an app client; `region`: the call's, where else to look for it. */
  async byClient(clientId: string, region: string | undefined): Promise<FrontPool | undefined> {
    const known = this.clientPools.get(clientId) ?? this.templatePools.find((pool) => pool.clientIds.includes(clientId));
    if (known) return known;
    const runtime = (await Promise.all([...this.runtimePools.values()])).filter((pool): pool is FrontPool => !!pool);
    for (const pool of [...this.templatePools, ...runtime]) if (await this.holds(pool, clientId)) return pool;
    const regions = new Set([...region ? [region] : [], ...this.templatePools.map((pool) => pool.region)]);
    for (const where of regions) {
      const { UserPools } = await new CognitoClient(this.services.motoEndpoint, where).call('ListUserPools', { MaxResults: 60 });
      for (const { Id } of UserPools ?? []) {
        if (this.runtimePools.has(Id) || this.templatePools.some((pool) => pool.userPoolId === Id)) continue;
        const pool = await this.byId(Id);
        if (pool && await this.holds(pool, clientId)) return pool;
      }
    }
    return undefined;
  }

  /** Learns from moto's answer to a call the front passed on: the pools created and deleted. */
  heard(action: string, body: Record<string, any>, answer: MotoAnswer): void {
    if (answer.status !== 200) return;
    if (action === 'CreateUserPool') {
      const id = JSON.parse(answer.text).UserPool?.Id;
      if (typeof id === 'string') this.runtimePools.set(id, Promise.resolve(this.runtimePool(id)));
    }
    if (action === 'DeleteUserPool') {
      this.runtimePools.delete(body.UserPoolId);
      const template = this.templatePools.findIndex((pool) => pool.userPoolId === body.UserPoolId);
      if (template >= 0) this.templatePools.splice(template, 1);
      for (const [clientId, pool] of this.clientPools) if (pool.userPoolId === body.UserPoolId) this.clientPools.delete(clientId);
    }
  }

  /** Whether the pool has this app client (remembered when it has). */
  private async holds(pool: FrontPool, clientId: string): Promise<boolean> {
    const cognito = new CognitoClient(this.services.motoEndpoint, pool.region);
    const client = await this.services.state.descriptions.client(cognito, pool.userPoolId, clientId);
    if (client) this.clientPools.set(clientId, pool);
    return !!client;
  }

  private async learn(userPoolId: string): Promise<FrontPool | undefined> {
    const pool = this.runtimePool(userPoolId);
    try {
      await this.services.state.descriptions.pool(new CognitoClient(this.services.motoEndpoint, pool.region), userPoolId);
      return pool;
    } catch (error) {
      if (error instanceof CognitoError) return undefined;
      throw error;
    }
  }

  /** A pool created through the API: no triggers, no template settings (its passkeys' follow SetUserPoolMfaConfig). */
  private runtimePool(userPoolId: string): FrontPool {
    // A pool's id starts with its region (`us-east-1_AbC123`).
    const region = userPoolId.split('_')[0];
    return { userPoolId, region, issuer: this.issuerOf(userPoolId, region), clientIds: [], triggers: {}, signIn: { userVerification: 'preferred' } };
  }
}

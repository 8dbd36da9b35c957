import { randomBytes } from 'crypto';
import { Findable } from './find-one';
import { secretHash, TestUser, userClient } from './local-user';
import { CreateUserOptions, LocalClient, LocalPool, LocalUser } from './types';
import { clientCredentialsToken } from '../app/check-access/callers';
import type { LocalUserPool } from '../app/runner';
import { CognitoClient } from '../cognito/client';
import { addToGroups, createConfirmedUser, named } from '../cognito/users';

/**
 * A user pool of the running app, for tests: users made to the pool's rules (its username
 * attributes, required attributes and password policy, read once with DescribeUserPool) and machine
 * tokens from its domain's token endpoint. Every user it creates is deleted by `deleteUsers()`.
 */

interface PoolRules {
  readonly usernameAttributes: readonly string[];
  readonly required: readonly string[];
  readonly minimumLength: number;
}

/** Placeholder values of the standard attributes a pool may require (OIDC's formats). */
const PLACEHOLDERS: Record<string, string> = {
  birthdate: '2000-01-01',
  gender: 'unspecified',
  locale: 'en-US',
  zoneinfo: 'Europe/London',
  updated_at: '0',
  website: 'https://example.com',
  profile: 'https://example.com/profile',
  picture: 'https://example.com/picture.png',
  address: 'Street 1, Town',
  phone_number: '+15555550100',
};

const random = () => randomBytes(4).toString('hex');

export class TestPool implements LocalPool, Findable {
  readonly userPoolId: string;
  readonly logicalId: string;
  readonly path?: string;
  readonly clients: readonly LocalClient[];
  readonly groups: readonly string[];
  readonly oauthUrl?: string;
  readonly label: string;
  readonly names: readonly string[];
  private rules?: Promise<PoolRules>;
  private readonly users = new Set<TestUser>();
  private readonly cognito: CognitoClient;

  constructor(pool: LocalUserPool, readonly stack: string, readonly region: string, cognitoEndpoint: string) {
    this.userPoolId = pool.userPoolId;
    this.logicalId = pool.logicalId;
    this.path = pool.path;
    this.clients = pool.clients.map((client) => ({ ...client }));
    this.groups = pool.groups;
    this.oauthUrl = pool.oauth?.url;
    this.label = pool.path?.replace(/\/Resource$/, '') ?? `${stack}/${pool.logicalId}`;
    this.names = [pool.userPoolId, pool.logicalId, `${stack}/${pool.logicalId}`, this.label];
    this.cognito = new CognitoClient(cognitoEndpoint, region);
  }

  async createUser(options: CreateUserOptions = {}): Promise<LocalUser> {
    const rules = await this.readRules();
    const email = options.email ?? `user-${random()}@example.com`;
    const phoneOnly = rules.usernameAttributes.length > 0 && !rules.usernameAttributes.includes('email');
    const attributes: Record<string, string> = { email, ...options.attributes };
    if (phoneOnly) attributes.phone_number ??= `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    for (const name of rules.required) attributes[name] ??= PLACEHOLDERS[name] ?? `test-${name}`;
    const username = options.username ?? (phoneOnly ? attributes.phone_number : email);
    const password = options.password ?? `Aa1!${randomBytes(Math.max(8, rules.minimumLength)).toString('hex')}`.slice(0, Math.max(16, rules.minimumLength));
    for (const group of options.groups ?? []) {
      if (!this.groups.includes(group)) {
        throw new Error(`createUser(${username}): ${this.label} has no group "${group}"; its groups: ${this.groups.join(', ') || 'none'}`);
      }
    }
    const user = new TestUser(this, username, email, password, this.cognito, (deleted) => this.users.delete(deleted));
    try {
      if (options.confirmed === false) {
        const client = userClient(this);
        const UserAttributes = Object.entries(attributes).map(([Name, Value]) => ({ Name, Value }));
        await named('SignUp', this.cognito.call('SignUp', { ClientId: client.clientId, Username: username, Password: password, UserAttributes, ...secretHash(client, username) }));
        this.users.add(user);
        await addToGroups(this.cognito, this.userPoolId, username, options.groups);
      } else {
        await createConfirmedUser(this.cognito, {
          userPoolId: this.userPoolId, username, password, attributes, groups: options.groups, onCreated: () => this.users.add(user),
        });
      }
    } catch (error) {
      throw new Error(`createUser(${username}) in ${this.label}: ${(error as Error).message}`);
    }
    return user;
  }

  async machineToken(client: string, scopes?: readonly string[]): Promise<string> {
    const machines = this.clients.filter((candidate) => candidate.clientSecret);
    const found = machines.find((candidate) => [candidate.name, candidate.logicalId, candidate.clientId].includes(client));
    if (!found) {
      throw new Error(`machineToken("${client}"): ${this.label} has no machine client "${client}"; its clients with a secret: ` +
        `${machines.map((candidate) => candidate.name ?? candidate.logicalId).join(', ') || 'none'}`);
    }
    if (!this.oauthUrl) throw new Error(`machineToken("${client}"): ${this.label} has no domain, so no /oauth2/token: give the pool a domain (the construct's domainPrefix)`);
    try {
      return await clientCredentialsToken(this.oauthUrl, found.clientId, found.clientSecret!, scopes);
    } catch (error) {
      throw new Error(`machineToken("${client}"): ${(error as Error).message}`);
    }
  }

  /** Deletes every user this pool object created and has not deleted yet. */
  async deleteUsers(): Promise<void> {
    for (const user of [...this.users]) await user.delete().catch(() => undefined);
  }

  private readRules(): Promise<PoolRules> {
    this.rules ??= this.cognito.call('DescribeUserPool', { UserPoolId: this.userPoolId }).then(({ UserPool: pool }) => ({
      usernameAttributes: pool.UsernameAttributes ?? [],
      required: (pool.SchemaAttributes ?? []).filter((attribute: any) => attribute.Required && attribute.Name !== 'email').map((attribute: any) => String(attribute.Name)),
      minimumLength: pool.Policies?.PasswordPolicy?.MinimumLength ?? 8,
    }));
    return this.rules;
  }
}

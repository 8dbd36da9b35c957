import { findOne } from './find-one';
import { TestApi } from './local-api';
import { TestPool } from './local-pool';
import { LocalApp, LocalMessage } from './types';
import type { EndpointsDocument } from '../app/runner';

/**
 * The running app as a test sees it, made from the endpoints document: its APIs and pools, the
 * messages sent, and `stop()` (the users it created, then the runner when it started one).
 */
export class TestApp implements LocalApp {
  readonly cognitoEndpoint: string;
  readonly awsEndpoint: string;
  readonly apis: readonly TestApi[];
  readonly pools: readonly TestPool[];
  private readonly messagesUrl: string;
  private stopping?: Promise<void>;

  constructor(document: EndpointsDocument, readonly endpointsFile: string, private readonly stopRunner?: () => Promise<void>) {
    this.cognitoEndpoint = document.cognitoEndpoint;
    this.awsEndpoint = document.awsEndpoint;
    this.messagesUrl = document.messages;
    this.apis = document.stacks.flatMap((stack) => stack.apis.map((api) => new TestApi(api, stack.id, stack)));
    this.pools = document.stacks.flatMap((stack) =>
      stack.userPools.map((pool) => new TestPool(pool, stack.id, stack.region, document.cognitoEndpoint)));
  }

  api(name?: string): TestApi {
    return findOne('API', this.apis, name, 'e.g. app.api(\'MyStack/Api\')');
  }

  pool(name?: string): TestPool {
    return findOne('user pool', this.pools, name, 'e.g. app.pool(\'MyStack/Api\')');
  }

  async messages(to?: string): Promise<LocalMessage[]> {
    const url = new URL(this.messagesUrl);
    if (to) url.searchParams.set('username', to);
    const response = await fetch(url);
    if (!response.ok) throw new Error(`messages(): ${url} answered ${response.status}`);
    return (await response.json() as { messages: LocalMessage[] }).messages;
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      try {
        await Promise.all(this.pools.map((pool) => pool.deleteUsers()));
      } finally {
        await this.stopRunner?.();
      }
    })();
    return this.stopping;
  }
}

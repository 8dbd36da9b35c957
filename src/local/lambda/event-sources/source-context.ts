import { AwsClient } from '../../aws-resources/aws-client';
import { sqsCall } from '../../aws-resources/sqs';
import { LocalFunction } from '../runner';

/**
 * What every event source's starter shares: the emulator's client, the stack's functions, an
 * invocation that logs a failed batch, and the pollers (`stop()` ends them all).
 */

export const sleep = (ms: number) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

export class SourceContext {
  readonly client: AwsClient;
  private invocations = 0;
  private halted = false;

  constructor(
    endpoint: string,
    readonly region: string,
    private readonly functions: readonly LocalFunction[],
    private readonly log: (line: string) => void,
  ) {
    this.client = new AwsClient(endpoint, region);
  }

  /** The function a mapping, notification or subscription names (by name, ARN or qualified ARN). */
  functionOf(reference: string): LocalFunction | undefined {
    return this.functions.find((fn) =>
      [fn.definition.functionName, fn.definition.functionArn].includes(reference) || reference.startsWith(`${fn.definition.functionArn}:`));
  }

  /** Invokes `fn` with a batch; its result (`{}` for none), or undefined when it failed (logged: the batch is retried). */
  async invoke(fn: LocalFunction, event: unknown, source: string): Promise<unknown | undefined> {
    const answer = await fn.invoke(event, `local-event-${++this.invocations}`);
    if (answer.error) {
      this.log(`[${fn.definition.logicalId}] ${source} batch failed (it will be retried): ${answer.error.errorType}: ${answer.error.errorMessage}`);
      return undefined;
    }
    return answer.result ?? {};
  }

  /** Runs `step` in a loop until {@link stop}; `step` answers how long to wait before the next round. */
  loop(step: () => Promise<number | 'done'>): void {
    void (async () => {
      while (!this.halted) {
        let wait: number | 'done';
        try {
          wait = await step();
        } catch {
          if (this.halted) return;
          wait = 1000; // the emulator is going away, or a transient error
        }
        if (wait === 'done') return;
        if (wait) await sleep(wait);
      }
    })();
  }

  /** Polls a queue; `handle` answers the receipt handles to delete (undefined: keep them all). */
  pollQueue(queueUrl: string, batchSize: number, handle: (messages: any[]) => Promise<string[] | undefined>): void {
    this.loop(async () => {
      const { Messages = [] } = await sqsCall({ client: this.client }, 'ReceiveMessage', {
        QueueUrl: queueUrl, MaxNumberOfMessages: Math.min(batchSize, 10), AttributeNames: ['All'], MessageAttributeNames: ['All'], WaitTimeSeconds: 0,
      });
      if (!Messages.length || this.halted) return 250;
      const done = await handle(Messages);
      if (done?.length) {
        await sqsCall({ client: this.client }, 'DeleteMessageBatch', { QueueUrl: queueUrl, Entries: done.map((ReceiptHandle, i) => ({ Id: String(i), ReceiptHandle })) });
      }
      return 0;
    });
  }

  /** A hidden queue for a source the emulator can only deliver to a queue. */
  async hiddenQueue(name: string): Promise<{ queueUrl: string; queueArn: string }> {
    const { QueueUrl } = await sqsCall({ client: this.client }, 'CreateQueue', { QueueName: name.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 80) });
    const { Attributes } = await sqsCall({ client: this.client }, 'GetQueueAttributes', { QueueUrl, AttributeNames: ['QueueArn'] });
    return { queueUrl: QueueUrl as string, queueArn: Attributes.QueueArn as string };
  }

  get stopped(): boolean {
    return this.halted;
  }

  /** Ends every loop (each ends after its current round). */
  stop(): void {
    this.halted = true;
  }
}

import { AssemblyStack } from '../assembly';
import { AwsClient, xmlEscape } from '../aws-resources/aws-client';
import { snsCall } from '../aws-resources/sns';
import { sqsCall } from '../aws-resources/sqs';
import { IntrinsicContext, ResolvedResource, tryResolve } from '../intrinsics';
import { LocalFunction } from './runner';

/**
 * Event sources that invoke a function, run locally by polling the emulator: SQS event source
 * mappings, DynamoDB stream mappings, S3 bucket notifications (`Custom::S3BucketNotifications`, via a
 * hidden queue moto notifies) and SNS `lambda` subscriptions (via a hidden queue subscribed to the
 * topic). Events have the batch shapes Lambda sends. `stop()` ends every poller.
 */

export interface EventSources {
  readonly notes: string[];
  stop(): void;
}

interface Poller {
  stopped: boolean;
}

/** An object key as S3's event notifications write it. */
function s3EventKey(key: string): string {
  return encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+');
}

const sleep = (ms: number) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

function sqsRecord(message: any, queueArn: string, region: string) {
  const messageAttributes: Record<string, unknown> = {};
  for (const [name, value] of Object.entries<any>(message.MessageAttributes ?? {})) {
    messageAttributes[name] = {
      stringValue: value.StringValue, binaryValue: value.BinaryValue, stringListValues: [], binaryListValues: [], dataType: value.DataType,
    };
  }
  return {
    messageId: message.MessageId,
    receiptHandle: message.ReceiptHandle,
    body: message.Body,
    attributes: message.Attributes ?? {},
    messageAttributes,
    md5OfBody: message.MD5OfBody,
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

export async function startEventSources(
  stack: AssemblyStack,
  context: IntrinsicContext,
  resources: ReadonlyMap<string, ResolvedResource>,
  functions: readonly LocalFunction[],
  endpoint: string,
  log: (line: string) => void,
): Promise<EventSources> {
  const client = new AwsClient(endpoint, context.region);
  const notes: string[] = [];
  const pollers: Poller[] = [];
  const byAttribute = (name: string, value: string) => [...resources.values()].find((resource) => resource.attributes?.[name] === value);
  const functionOf = (reference: string): LocalFunction | undefined => functions.find((fn) =>
    [fn.definition.functionName, fn.definition.functionArn].includes(reference) || reference.startsWith(`${fn.definition.functionArn}:`));
  let invocations = 0;
  const invoke = async (fn: LocalFunction, event: unknown, source: string): Promise<unknown | undefined> => {
    const answer = await fn.invoke(event, `local-event-${++invocations}`);
    if (answer.error) {
      log(`[${fn.definition.logicalId}] ${source} batch failed (it will be retried): ${answer.error.errorType}: ${answer.error.errorMessage}`);
      return undefined;
    }
    return answer.result ?? {};
  };

  /** Polls a queue; `handle` answers the receipt handles to delete (undefined: keep them all). */
  const pollQueue = (queueUrl: string, batchSize: number, handle: (messages: any[]) => Promise<string[] | undefined>) => {
    const poller: Poller = { stopped: false };
    pollers.push(poller);
    void (async () => {
      while (!poller.stopped) {
        try {
          const { Messages = [] } = await sqsCall({ client }, 'ReceiveMessage', {
            QueueUrl: queueUrl, MaxNumberOfMessages: Math.min(batchSize, 10), AttributeNames: ['All'], MessageAttributeNames: ['All'], WaitTimeSeconds: 0,
          });
          if (!Messages.length || poller.stopped) {
            await sleep(250);
            continue;
          }
          const done = await handle(Messages);
          if (done?.length) {
            await sqsCall({ client }, 'DeleteMessageBatch', { QueueUrl: queueUrl, Entries: done.map((ReceiptHandle, i) => ({ Id: String(i), ReceiptHandle })) });
          }
        } catch (error) {
          if (poller.stopped) return;
          await sleep(1000); // the emulator is going away, or a transient error
        }
      }
    })();
  };

  /** A hidden queue for a source moto can only deliver to a queue. */
  const hiddenQueue = async (name: string) => {
    const { QueueUrl } = await sqsCall({ client }, 'CreateQueue', { QueueName: name.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 80) });
    const { Attributes } = await sqsCall({ client }, 'GetQueueAttributes', { QueueUrl, AttributeNames: ['QueueArn'] });
    return { queueUrl: QueueUrl as string, queueArn: Attributes.QueueArn as string };
  };

  const setups: Array<Promise<void>> = [];
  for (const [logicalId, resource] of Object.entries(stack.template.Resources ?? {})) {
    const { value: properties, error } = tryResolve(resource.Properties ?? {}, context);
    if (resource.Type === 'AWS::Lambda::EventSourceMapping') {
      const fn = properties ? functionOf(String(properties.FunctionName)) : undefined;
      if (error || !fn) {
        notes.push(`${logicalId}: event source mapping not run locally: ${error ?? `its function ${properties.FunctionName} does not run locally`}`);
        continue;
      }
      if (properties.Enabled === false) continue;
      const arn = String(properties.EventSourceArn ?? '');
      const batchSize = Number(properties.BatchSize ?? (arn.includes(':sqs:') ? 10 : 100));
      if (arn.startsWith('arn:aws:sqs:')) {
        const queueUrl = byAttribute('Arn', arn)?.attributes?.QueueUrl;
        if (!queueUrl) {
          notes.push(`${logicalId}: its queue ${arn} is not in the emulator`);
          continue;
        }
        const partial = (properties.FunctionResponseTypes ?? []).includes('ReportBatchItemFailures');
        pollQueue(queueUrl, batchSize, async (messages) => {
          const result: any = await invoke(fn, { Records: messages.map((message) => sqsRecord(message, arn, context.region)) }, 'SQS');
          if (result === undefined) return undefined;
          const failed = new Set(partial ? (result?.batchItemFailures ?? []).map((failure: any) => failure.itemIdentifier) : []);
          return messages.filter((message) => !failed.has(message.MessageId)).map((message) => message.ReceiptHandle);
        });
      } else if (arn.includes(':dynamodb:') && arn.includes('/stream/')) {
        setups.push(pollStream(arn, String(properties.StartingPosition ?? 'LATEST'), batchSize, fn));
      } else {
        notes.push(`${logicalId}: event source ${arn} is not run locally (SQS queues and DynamoDB streams are)`);
      }
    } else if (resource.Type === 'Custom::S3BucketNotifications' && properties) {
      const configuration = properties.NotificationConfiguration ?? {};
      const lambdaConfigs: any[] = configuration.LambdaFunctionConfigurations ?? [];
      if (!lambdaConfigs.length) continue;
      setups.push((async () => {
        let xml = '';
        for (const [i, config] of lambdaConfigs.entries()) {
          const fn = functionOf(String(config.LambdaFunctionArn));
          if (!fn) {
            notes.push(`${logicalId}: notifications of ${properties.BucketName} to ${config.LambdaFunctionArn} are not run (the function does not run locally)`);
            continue;
          }
          const { queueUrl, queueArn } = await hiddenQueue(`cdk-local-s3-${properties.BucketName}-${i}`);
          const rules = (config.Filter?.Key?.FilterRules ?? []).map((rule: any) => `<FilterRule><Name>${xmlEscape(String(rule.Name).toLowerCase())}</Name><Value>${xmlEscape(String(rule.Value))}</Value></FilterRule>`).join('');
          xml += `<QueueConfiguration><Id>local-${i}</Id><Queue>${queueArn}</Queue>${(config.Events ?? []).map((event: string) => `<Event>${event}</Event>`).join('')}`
            + `${rules ? `<Filter><S3Key>${rules}</S3Key></Filter>` : ''}</QueueConfiguration>`;
          pollQueue(queueUrl, 10, async (messages) => {
            const done: string[] = [];
            for (const message of messages) {
              const event = JSON.parse(message.Body);
              for (const record of event.Records ?? []) {
                // S3 URL-encodes the key in events, but leaves '/' as it is and writes spaces as '+'.
                if (record.s3?.object?.key) record.s3.object.key = s3EventKey(decodeURIComponent(record.s3.object.key));
              }
              if (event.Event === 's3:TestEvent' || !Array.isArray(event.Records) || (await invoke(fn, event, 'S3')) !== undefined) done.push(message.ReceiptHandle);
            }
            return done;
          });
        }
        if (xml) await client.s3('PUT', `/${properties.BucketName}?notification`, `<NotificationConfiguration>${xml}</NotificationConfiguration>`);
      })().catch((problem) => { notes.push(`${logicalId}: S3 notifications not run: ${(problem as Error).message}`); }));
    } else if (resource.Type === 'AWS::SNS::Subscription' && properties?.Protocol === 'lambda') {
      const fn = functionOf(String(properties.Endpoint));
      if (!fn) {
        notes.push(`${logicalId}: SNS subscription of ${properties.Endpoint} not run (the function does not run locally)`);
        continue;
      }
      const topicArn = String(properties.TopicArn);
      setups.push((async () => {
        const { queueUrl, queueArn } = await hiddenQueue(`cdk-local-sns-${logicalId}`);
        const xml = await snsCall({ client }, 'Subscribe', { TopicArn: topicArn, Protocol: 'sqs', Endpoint: queueArn, ReturnSubscriptionArn: 'true' });
        const subscriptionArn = /<SubscriptionArn>([^<]*)</.exec(xml)?.[1] ?? `${topicArn}:local`;
        pollQueue(queueUrl, 10, async (messages) => {
          const done: string[] = [];
          for (const message of messages) {
            const sns = JSON.parse(message.Body);
            const event = {
              Records: [{
                EventSource: 'aws:sns',
                EventVersion: '1.0',
                EventSubscriptionArn: subscriptionArn,
                Sns: {
                  Type: sns.Type,
                  MessageId: sns.MessageId,
                  TopicArn: sns.TopicArn,
                  Subject: sns.Subject ?? null,
                  Message: sns.Message,
                  Timestamp: sns.Timestamp,
                  SignatureVersion: sns.SignatureVersion,
                  Signature: sns.Signature,
                  SigningCertUrl: sns.SigningCertURL,
                  UnsubscribeUrl: sns.UnsubscribeURL,
                  MessageAttributes: sns.MessageAttributes ?? {},
                },
              }],
            };
            if ((await invoke(fn, event, 'SNS')) !== undefined) done.push(message.ReceiptHandle);
          }
          return done;
        });
      })().catch((problem) => { notes.push(`${logicalId}: SNS subscription not run: ${(problem as Error).message}`); }));
    }
  }

  async function pollStream(streamArn: string, startingPosition: string, batchSize: number, fn: LocalFunction): Promise<void> {
    const streams = (action: string, body: unknown) => client.json('dynamodb', 'DynamoDBStreams_20120810', action, body, '1.0');
    const { StreamDescription } = await streams('DescribeStream', { StreamArn: streamArn });
    for (const shard of StreamDescription.Shards ?? []) {
      const poller: Poller = { stopped: false };
      pollers.push(poller);
      let { ShardIterator: iterator } = await streams('GetShardIterator', {
        StreamArn: streamArn, ShardId: shard.ShardId, ShardIteratorType: startingPosition === 'TRIM_HORIZON' ? 'TRIM_HORIZON' : 'LATEST',
      });
      void (async () => {
        while (!poller.stopped && iterator) {
          try {
            const { Records = [], NextShardIterator } = await streams('GetRecords', { ShardIterator: iterator, Limit: batchSize });
            if (Records.length && !poller.stopped) {
              const event = { Records: Records.map((record: any) => ({ ...record, eventSourceARN: streamArn })) };
              // Lambda retries a failed stream batch (in order) until it succeeds or the records expire.
              if ((await invoke(fn, event, 'DynamoDB stream')) === undefined) {
                await sleep(1000);
                continue;
              }
            }
            iterator = NextShardIterator;
            if (!Records.length) await sleep(250);
          } catch {
            if (poller.stopped) return;
            await sleep(1000);
          }
        }
      })();
    }
  }

  const stop = () => pollers.forEach((poller) => { poller.stopped = true; });
  try {
    await Promise.all(setups);
  } catch (problem) {
    stop();
    throw problem;
  }
  return { notes, stop };
}

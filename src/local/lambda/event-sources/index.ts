import { AssemblyStack } from '../../assembly';
import { IntrinsicContext, ResolvedResource, tryResolve } from '../../intrinsics';
import { LocalFunction } from '../runner';
import { startStreamMapping } from './dynamodb-streams';
import { startS3Notifications } from './s3-notifications';
import { startSnsSubscription } from './sns-subscriptions';
import { SourceContext } from './source-context';
import { startSqsMapping } from './sqs-queues';

/**
 * Event sources that invoke a function, run locally by polling the emulator: SQS event source
 * mappings, DynamoDB stream mappings, S3 bucket notifications (`Custom::S3BucketNotifications`, via a
 * hidden queue moto notifies) and SNS `lambda` subscriptions (via a hidden queue subscribed to the
 * topic). Events have the batch shapes Lambda sends. A source whose set-up fails becomes a start-up
 * note; the others run. `stop()` ends every poller.
 */

export interface EventSources {
  readonly notes: string[];
  stop(): void;
}

export async function startEventSources(
  stack: AssemblyStack,
  context: IntrinsicContext,
  resources: ReadonlyMap<string, ResolvedResource>,
  functions: readonly LocalFunction[],
  endpoint: string,
  log: (line: string) => void,
): Promise<EventSources> {
  const sources = new SourceContext(endpoint, context.region, functions, log);
  const notes: string[] = [];
  const setups: Array<Promise<void>> = [];
  /** Starts one source; a failure to set it up is a note, never the runner's end. */
  const start = (logicalId: string, what: string, setup: () => Promise<void>) => {
    setups.push(setup().catch((problem) => { notes.push(`${logicalId}: ${what} not run: ${(problem as Error).message}`); }));
  };

  for (const [logicalId, resource] of Object.entries(stack.template.Resources ?? {})) {
    const { value: properties, error } = tryResolve(resource.Properties ?? {}, context);
    if (resource.Type === 'AWS::Lambda::EventSourceMapping') {
      const fn = properties ? sources.functionOf(String(properties.FunctionName)) : undefined;
      if (error || !fn) {
        notes.push(`${logicalId}: event source mapping not run locally: ${error ?? `its function ${properties.FunctionName} does not run locally`}`);
        continue;
      }
      if (properties.Enabled === false) continue;
      const arn = String(properties.EventSourceArn ?? '');
      const batchSize = Number(properties.BatchSize ?? (arn.includes(':sqs:') ? 10 : 100));
      if (arn.startsWith('arn:aws:sqs:')) {
        const queueUrl = [...resources.values()].find((candidate) => candidate.attributes?.Arn === arn)?.attributes?.QueueUrl;
        if (!queueUrl) {
          notes.push(`${logicalId}: its queue ${arn} is not in the emulator`);
          continue;
        }
        const partial = (properties.FunctionResponseTypes ?? []).includes('ReportBatchItemFailures');
        start(logicalId, 'SQS event source mapping', () => startSqsMapping(sources, queueUrl, arn, batchSize, partial, fn));
      } else if (arn.includes(':dynamodb:') && arn.includes('/stream/')) {
        start(logicalId, 'DynamoDB stream mapping', () => startStreamMapping(sources, arn, String(properties.StartingPosition ?? 'LATEST'), batchSize, fn));
      } else {
        notes.push(`${logicalId}: event source ${arn} is not run locally (SQS queues and DynamoDB streams are)`);
      }
    } else if (resource.Type === 'Custom::S3BucketNotifications' && properties) {
      if (!properties.NotificationConfiguration?.LambdaFunctionConfigurations?.length) continue;
      start(logicalId, 'S3 notifications', () => startS3Notifications(sources, logicalId, properties, notes));
    } else if (resource.Type === 'AWS::SNS::Subscription' && properties?.Protocol === 'lambda') {
      const fn = sources.functionOf(String(properties.Endpoint));
      if (!fn) {
        notes.push(`${logicalId}: SNS subscription of ${properties.Endpoint} not run (the function does not run locally)`);
        continue;
      }
      start(logicalId, 'SNS subscription', () => startSnsSubscription(sources, logicalId, String(properties.TopicArn), fn));
    }
  }

  await Promise.all(setups);
  return { notes, stop: () => sources.stop() };
}

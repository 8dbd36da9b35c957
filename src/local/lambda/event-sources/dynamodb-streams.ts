import { LocalFunction } from '../runner';
import { SourceContext } from './source-context';

/** A DynamoDB stream event source mapping: every shard read from its starting position, a failed batch retried in order. */
export async function startStreamMapping(
  sources: SourceContext, streamArn: string, startingPosition: string, batchSize: number, fn: LocalFunction,
): Promise<void> {
  const streams = (action: string, body: unknown) => sources.client.json('dynamodb', 'DynamoDBStreams_20120810', action, body, '1.0');
  const { StreamDescription } = await streams('DescribeStream', { StreamArn: streamArn });
  for (const shard of StreamDescription.Shards ?? []) {
    let { ShardIterator: iterator } = await streams('GetShardIterator', {
      StreamArn: streamArn, ShardId: shard.ShardId, ShardIteratorType: startingPosition === 'TRIM_HORIZON' ? 'TRIM_HORIZON' : 'LATEST',
    });
    sources.loop(async () => {
      if (!iterator) return 'done';
      const { Records = [], NextShardIterator } = await streams('GetRecords', { ShardIterator: iterator, Limit: batchSize });
      if (Records.length && !sources.stopped) {
        const event = { Records: Records.map((record: any) => ({ ...record, eventSourceARN: streamArn })) };
        // Lambda retries a failed stream batch (in order) until it succeeds or the records expire.
        if ((await sources.invoke(fn, event, 'DynamoDB stream')) === undefined) return 1000;
      }
      iterator = NextShardIterator;
      return Records.length ? 0 : 250;
    });
  }
}

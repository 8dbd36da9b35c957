import { LocalFunction } from '../runner';
import { SourceContext } from './source-context';

/** An SQS event source mapping: the queue polled, batches as Lambda sends them, partial batch responses honoured. */

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

export async function startSqsMapping(
  sources: SourceContext, queueUrl: string, queueArn: string, batchSize: number, reportsBatchItemFailures: boolean, fn: LocalFunction,
): Promise<void> {
  sources.pollQueue(queueUrl, batchSize, async (messages) => {
    const result: any = await sources.invoke(fn, { Records: messages.map((message) => sqsRecord(message, queueArn, sources.region)) }, 'SQS');
    if (result === undefined) return undefined;
    const failed = new Set(reportsBatchItemFailures ? (result?.batchItemFailures ?? []).map((failure: any) => failure.itemIdentifier) : []);
    return messages.filter((message) => !failed.has(message.MessageId)).map((message) => message.ReceiptHandle);
  });
}

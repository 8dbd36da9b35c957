import { snsCall } from '../../aws-resources/sns';
import { LocalFunction } from '../runner';
import { SourceContext } from './source-context';

/** An SNS `lambda` subscription: a hidden queue subscribed to the topic, polled into the function with SNS's event shape. */
export async function startSnsSubscription(sources: SourceContext, logicalId: string, topicArn: string, fn: LocalFunction): Promise<void> {
  const { queueUrl, queueArn } = await sources.hiddenQueue(`cdk-local-sns-${logicalId}`);
  const xml = await snsCall({ client: sources.client }, 'Subscribe', { TopicArn: topicArn, Protocol: 'sqs', Endpoint: queueArn, ReturnSubscriptionArn: 'true' });
  const subscriptionArn = /<SubscriptionArn>([^<]*)</.exec(xml)?.[1] ?? `${topicArn}:local`;
  sources.pollQueue(queueUrl, 10, async (messages) => {
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
      if ((await sources.invoke(fn, event, 'SNS')) !== undefined) done.push(message.ReceiptHandle);
    }
    return done;
  });
}

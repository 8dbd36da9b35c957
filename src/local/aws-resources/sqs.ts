import { Provisioner, ProvisionScope } from './provisioner';
import { physicalName } from './references';

/** `AWS::SQS::Queue` (standard and FIFO, dead-letter redrive) in the emulator's SQS (JSON protocol). */

export const sqsCall = (scope: Pick<ProvisionScope, 'client'>, action: string, body: unknown) => scope.client.json('sqs', 'AmazonSQS', action, body, '1.0');

const ATTRIBUTES = [
  'DelaySeconds', 'MaximumMessageSize', 'MessageRetentionPeriod', 'ReceiveMessageWaitTimeSeconds', 'VisibilityTimeout',
  'FifoQueue', 'ContentBasedDeduplication', 'DeduplicationScope', 'FifoThroughputLimit', 'KmsMasterKeyId', 'KmsDataKeyReusePeriodSeconds',
  'SqsManagedSseEnabled',
];

export const provisionQueue: Provisioner = async (logicalId, properties, scope) => {
  const fifo = properties.FifoQueue === true || properties.FifoQueue === 'true';
  const queueName: string = properties.QueueName ?? physicalName(scope.stackName, logicalId, 80, { suffix: fifo ? '.fifo' : '' });
  const attributes: Record<string, string> = {};
  for (const name of ATTRIBUTES) {
    if (properties[name] !== undefined) attributes[name] = String(properties[name]);
  }
  if (!fifo) delete attributes.FifoQueue;
  for (const name of ['RedrivePolicy', 'RedriveAllowPolicy']) {
    if (properties[name] !== undefined) attributes[name] = typeof properties[name] === 'string' ? properties[name] : JSON.stringify(properties[name]);
  }
  const { QueueUrl } = await sqsCall(scope, 'CreateQueue', { QueueName: queueName, Attributes: attributes });
  const { Attributes } = await sqsCall(scope, 'GetQueueAttributes', { QueueUrl, AttributeNames: ['QueueArn'] });
  return { ref: QueueUrl, attributes: { Arn: Attributes.QueueArn, QueueName: queueName, QueueUrl } };
};

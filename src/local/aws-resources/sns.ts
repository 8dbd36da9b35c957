import { xmlValue } from './aws-client';
import { Provisioner, ProvisionScope } from './provisioner';
import { physicalName } from './references';

/**
 * `AWS::SNS::Topic` and `AWS::SNS::Subscription` in the emulator's SNS: moto delivers to SQS queues
 * (and HTTP endpoints) itself; a Lambda subscription is delivered by the runner (event-sources.ts).
 */

const VERSION = '2010-03-31';

export const snsCall = (scope: Pick<ProvisionScope, 'client'>, action: string, params: Record<string, string>) =>
  scope.client.query('sns', action, params, VERSION);

function attributeParams(attributes: Record<string, string>, prefix = 'Attributes'): Record<string, string> {
  const params: Record<string, string> = {};
  Object.entries(attributes).forEach(([key, value], i) => {
    params[`${prefix}.entry.${i + 1}.key`] = key;
    params[`${prefix}.entry.${i + 1}.value`] = value;
  });
  return params;
}

export const provisionTopic: Provisioner = async (logicalId, properties, scope) => {
  const fifo = properties.FifoTopic === true || properties.FifoTopic === 'true';
  const topicName: string = properties.TopicName ?? physicalName(scope.stackName, logicalId, 256, { suffix: fifo ? '.fifo' : '' });
  const attributes: Record<string, string> = {};
  if (fifo) attributes.FifoTopic = 'true';
  if (properties.ContentBasedDeduplication !== undefined) attributes.ContentBasedDeduplication = String(properties.ContentBasedDeduplication);
  if (properties.DisplayName !== undefined) attributes.DisplayName = String(properties.DisplayName);
  if (properties.KmsMasterKeyId !== undefined) attributes.KmsMasterKeyId = String(properties.KmsMasterKeyId);
  const xml = await snsCall(scope, 'CreateTopic', { Name: topicName, ...attributeParams(attributes) });
  const topicArn = xmlValue(xml, 'TopicArn')!;
  for (const subscription of properties.Subscription ?? []) {
    await subscribe(scope, topicArn, subscription.Protocol, subscription.Endpoint, {});
  }
  return { ref: topicArn, attributes: { TopicArn: topicArn, TopicName: topicName } };
};

async function subscribe(
  scope: ProvisionScope, topicArn: string, protocol: string, endpoint: string, attributes: Record<string, string>,
): Promise<string> {
  const xml = await snsCall(scope, 'Subscribe', {
    TopicArn: topicArn, Protocol: protocol, Endpoint: endpoint, ReturnSubscriptionArn: 'true', ...attributeParams(attributes),
  });
  return xmlValue(xml, 'SubscriptionArn')!;
}

export const provisionSubscription: Provisioner = async (logicalId, properties, scope) => {
  const protocol = String(properties.Protocol);
  if (protocol === 'lambda') {
    // Delivered by the runner (it knows the function): see event-sources.ts.
    return { ref: `${properties.TopicArn}:local-${logicalId}` };
  }
  const attributes: Record<string, string> = {};
  for (const name of ['RawMessageDelivery', 'FilterPolicy', 'FilterPolicyScope', 'RedrivePolicy']) {
    const value = properties[name];
    if (value !== undefined) attributes[name] = typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  if (!['sqs', 'http', 'https'].includes(protocol)) scope.notes.push(`${logicalId}: SNS ${protocol} subscriptions deliver nothing locally`);
  const subscriptionArn = await subscribe(scope, properties.TopicArn, protocol, properties.Endpoint, attributes);
  return { ref: subscriptionArn };
};

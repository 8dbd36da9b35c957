import { SourceContext } from './source-context';
import { xmlEscape } from '../../aws-resources/aws-client';

/**
 * A bucket's notifications to Lambda (`Custom::S3BucketNotifications`): the emulator notifies a hidden
 * queue per configuration, polled into the function with S3's event shape.
 */

/** An object key as S3's event notifications write it. */
function s3EventKey(key: string): string {
  return encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+');
}

export async function startS3Notifications(
  sources: SourceContext, logicalId: string, properties: Record<string, any>, notes: string[],
): Promise<void> {
  const lambdaConfigs: any[] = properties.NotificationConfiguration?.LambdaFunctionConfigurations ?? [];
  let xml = '';
  for (const [i, config] of lambdaConfigs.entries()) {
    const fn = sources.functionOf(String(config.LambdaFunctionArn));
    if (!fn) {
      notes.push(`${logicalId}: notifications of ${properties.BucketName} to ${config.LambdaFunctionArn} are not run (the function does not run locally)`);
      continue;
    }
    const { queueUrl, queueArn } = await sources.hiddenQueue(`cdk-local-s3-${properties.BucketName}-${i}`);
    const rules = (config.Filter?.Key?.FilterRules ?? []).map((rule: any) => `<FilterRule><Name>${xmlEscape(String(rule.Name).toLowerCase())}</Name><Value>${xmlEscape(String(rule.Value))}</Value></FilterRule>`).join('');
    xml += `<QueueConfiguration><Id>local-${i}</Id><Queue>${queueArn}</Queue>${(config.Events ?? []).map((event: string) => `<Event>${event}</Event>`).join('')}`
      + `${rules ? `<Filter><S3Key>${rules}</S3Key></Filter>` : ''}</QueueConfiguration>`;
    sources.pollQueue(queueUrl, 10, async (messages) => {
      const done: string[] = [];
      for (const message of messages) {
        const event = JSON.parse(message.Body);
        for (const record of event.Records ?? []) {
          // S3 URL-encodes the key in events, but leaves '/' as it is and writes spaces as '+'.
          if (record.s3?.object?.key) record.s3.object.key = s3EventKey(decodeURIComponent(record.s3.object.key));
        }
        if (event.Event === 's3:TestEvent' || !Array.isArray(event.Records) || (await sources.invoke(fn, event, 'S3')) !== undefined) done.push(message.ReceiptHandle);
      }
      return done;
    });
  }
  if (xml) await sources.client.s3('PUT', `/${properties.BucketName}?notification`, `<NotificationConfiguration>${xml}</NotificationConfiguration>`);
}

import { AwsApiError } from './aws-client';
import { Provisioner } from './provisioner';
import { physicalName } from './references';

/** `AWS::S3::Bucket` in the emulator's S3 (versioning included); its name, ARN and domain names. */
export const provisionBucket: Provisioner = async (logicalId, properties, scope) => {
  const bucketName: string = properties.BucketName ?? physicalName(scope.stackName, logicalId, 63, { lowerCase: true });
  const body = scope.region === 'us-east-1' ? undefined
    : `<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><LocationConstraint>${scope.region}</LocationConstraint></CreateBucketConfiguration>`;
  try {
    await scope.client.s3('PUT', `/${bucketName}`, body);
  } catch (error) {
    if (!(error instanceof AwsApiError && error.code === 'BucketAlreadyOwnedByYou')) throw error;
  }
  if (properties.VersioningConfiguration?.Status === 'Enabled') {
    await scope.client.s3('PUT', `/${bucketName}?versioning`,
      '<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>Enabled</Status></VersioningConfiguration>');
  }
  for (const ignored of ['LifecycleConfiguration', 'WebsiteConfiguration', 'ReplicationConfiguration', 'ObjectLockConfiguration']) {
    if (properties[ignored] !== undefined) scope.notes.push(`${logicalId}: ${ignored} is not applied locally`);
  }
  const domain = `${bucketName}.s3.amazonaws.com`;
  return {
    ref: bucketName,
    attributes: {
      Arn: `arn:aws:s3:::${bucketName}`,
      DomainName: domain,
      RegionalDomainName: `${bucketName}.s3.${scope.region}.amazonaws.com`,
      DualStackDomainName: `${bucketName}.s3.dualstack.${scope.region}.amazonaws.com`,
      WebsiteURL: `http://${bucketName}.s3-website-${scope.region}.amazonaws.com`,
    },
  };
};

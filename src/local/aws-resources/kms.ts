import { defined, Provisioner } from './provisioner';

/** `AWS::KMS::Key` and `AWS::KMS::Alias` in the emulator's KMS (the key policy is stored, not enforced). */
export const provisionKey: Provisioner = async (_logicalId, properties, scope) => {
  const { KeyMetadata } = await scope.client.json('kms', 'TrentService', 'CreateKey', defined({
    Description: properties.Description,
    KeyUsage: properties.KeyUsage,
    KeySpec: properties.KeySpec,
    Policy: properties.KeyPolicy === undefined ? undefined : JSON.stringify(properties.KeyPolicy),
    MultiRegion: properties.MultiRegion,
  }));
  return { ref: KeyMetadata.KeyId, attributes: { Arn: KeyMetadata.Arn, KeyId: KeyMetadata.KeyId } };
};

export const provisionAlias: Provisioner = async (_logicalId, properties, scope) => {
  await scope.client.json('kms', 'TrentService', 'CreateAlias', { AliasName: properties.AliasName, TargetKeyId: properties.TargetKeyId })
    .catch((error: Error) => { if (!/AlreadyExists/.test(error.message)) throw error; });
  return { ref: String(properties.AliasName) };
};

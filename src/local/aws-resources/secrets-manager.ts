import { AwsApiError } from './aws-client';
import { defined, Provisioner, ProvisionScope } from './provisioner';
import { physicalName } from './references';

/**
 * `AWS::SecretsManager::Secret` in the emulator: the template's `SecretString`, or a value generated
 * as `GenerateSecretString` asks (length, excluded characters, a JSON template with the generated key).
 * A secret that exists already (a --watch reload) keeps its value.
 */

const call = (scope: ProvisionScope, action: string, body: unknown) => scope.client.json('secretsmanager', 'secretsmanager', action, body);

async function generated(spec: Record<string, any>, scope: ProvisionScope): Promise<string> {
  const { RandomPassword } = await call(scope, 'GetRandomPassword', defined({
    PasswordLength: spec.PasswordLength === undefined ? 32 : Number(spec.PasswordLength),
    ExcludeCharacters: spec.ExcludeCharacters,
    ExcludeNumbers: spec.ExcludeNumbers,
    ExcludePunctuation: spec.ExcludePunctuation,
    ExcludeUppercase: spec.ExcludeUppercase,
    ExcludeLowercase: spec.ExcludeLowercase,
    IncludeSpace: spec.IncludeSpace,
    RequireEachIncludedType: spec.RequireEachIncludedType,
  }));
  if (spec.SecretStringTemplate !== undefined && spec.GenerateStringKey !== undefined) {
    return JSON.stringify({ ...JSON.parse(spec.SecretStringTemplate), [spec.GenerateStringKey]: RandomPassword });
  }
  return RandomPassword;
}

export const provisionSecret: Provisioner = async (logicalId, properties, scope) => {
  const name: string = properties.Name ?? physicalName(scope.stackName, logicalId, 256);
  let arn: string;
  try {
    const secretString = properties.SecretString ?? await generated(properties.GenerateSecretString ?? {}, scope);
    ({ ARN: arn } = await call(scope, 'CreateSecret', defined({ Name: name, SecretString: secretString, Description: properties.Description, KmsKeyId: properties.KmsKeyId })));
  } catch (error) {
    if (!(error instanceof AwsApiError && error.code === 'ResourceExistsException')) throw error;
    ({ ARN: arn } = await call(scope, 'DescribeSecret', { SecretId: name }));
  }
  if (properties.ReplicaRegions?.length) scope.notes.push(`${logicalId}: secret replicas are not emulated`);
  return { ref: arn, attributes: { Id: arn } };
};

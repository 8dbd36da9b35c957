import { defined, Provisioner } from './provisioner';
import { physicalName } from './references';

/** `AWS::SSM::Parameter` in the emulator's Parameter Store (overwritten on each start or reload). */
export const provisionParameter: Provisioner = async (logicalId, properties, scope) => {
  const name: string = properties.Name ?? `CFN-${physicalName(scope.stackName, logicalId, 200)}`;
  await scope.client.json('ssm', 'AmazonSSM', 'PutParameter', defined({
    Name: name,
    Value: String(properties.Value),
    Type: properties.Type ?? 'String',
    Description: properties.Description,
    AllowedPattern: properties.AllowedPattern,
    DataType: properties.DataType,
    Overwrite: true,
  }));
  return { ref: name, attributes: { Type: String(properties.Type ?? 'String'), Value: String(properties.Value) } };
};

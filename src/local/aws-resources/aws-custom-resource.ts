import { Provisioner } from './provisioner';

/**
 * aws-cdk-lib's `AwsCustomResource` (`Custom::AWS`, or the type it is given, e.g. the
 * `Custom::DescribeCognitoUserPoolClient` behind `UserPoolClient.userPoolClientSecret`): one AWS API
 * call at deployment whose response fields become the resource's attributes. Locally the call goes
 * to the emulator, for the calls listed in `EMULATED_CALLS`: reading a Cognito app client (its
 * secret). The attributes are the response flattened as the custom resource's handler flattens it
 * (`UserPoolClient.ClientSecret`, `List.0.Name`).
 */

/** The JSON-protocol calls emulated, by `<service>.<Action>`: the signing name and target prefix. */
const EMULATED_CALLS: Readonly<Record<string, { readonly signingName: string; readonly targetPrefix: string }>> = {
  'CognitoIdentityServiceProvider.DescribeUserPoolClient': { signingName: 'cognito-idp', targetPrefix: 'AWSCognitoIdentityProviderService' },
};

/** The SDK v2 service name for the v3 package or short names the custom resource also accepts. */
const SERVICE_NAMES: Readonly<Record<string, string>> = {
  '@aws-sdk/client-cognito-identity-provider': 'CognitoIdentityServiceProvider',
  'cognito-identity-provider': 'CognitoIdentityServiceProvider',
  'cognitoidentityprovider': 'CognitoIdentityServiceProvider',
};

interface AwsSdkCall {
  readonly service: string;
  readonly action: string;
  readonly parameters?: Record<string, unknown>;
  readonly physicalResourceId?: { readonly id?: string; readonly responsePath?: string };
}

/** `{a: {b: 1}, c: [{d: 2}]}` → `{"a.b": "1", "c.0.d": "2"}`. */
export function flatten(value: unknown, prefix = '', into: Record<string, string> = {}): Record<string, string> {
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}.${key}` : key, into);
  } else if (prefix && value !== undefined && value !== null) {
    into[prefix] = String(value);
  }
  return into;
}

export const provisionAwsCall: Provisioner = async (logicalId, properties, scope) => {
  const raw = properties.Create ?? properties.Update;
  if (typeof raw !== 'string') throw new Error('no Create or Update call');
  const call = JSON.parse(raw) as AwsSdkCall;
  const service = SERVICE_NAMES[call.service.toLowerCase()] ?? SERVICE_NAMES[call.service] ?? call.service;
  const action = call.action.replace(/Command$/, '');
  const name = `${service}.${action.charAt(0).toUpperCase()}${action.slice(1)}`;
  const emulated = EMULATED_CALLS[name];
  if (!emulated) throw new Error(`the call ${call.service}.${call.action} is not emulated (only ${Object.keys(EMULATED_CALLS).join(', ')})`);
  const response = await scope.client.json(emulated.signingName, emulated.targetPrefix, name.split('.')[1], call.parameters ?? {});
  const attributes = flatten(response);
  const ref = call.physicalResourceId?.id ?? (call.physicalResourceId?.responsePath ? attributes[call.physicalResourceId.responsePath] : undefined);
  return { ref: ref ?? logicalId, attributes };
};

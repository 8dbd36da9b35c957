/**
 * The key of the CloudFormation `Metadata` entry in which the construct records each route's
 * declared access, and its shape. `check-access` reads it and compares it with what the API answers.
 * Metadata does not change the deployed resource.
 */
export const ACCESS_METADATA_KEY = 'cdk-cognito-protected-http-api:access';

/** A route's declared access, as the template holds it. */
export interface AccessMetadata {
  /** `public`, `preflight` (the generated OPTIONS route of a protected ANY route), `iam`, `signedIn`, `scopes`, `groups` or `claims`. */
  readonly kind: string;
  readonly scopes: readonly string[];
  readonly groups: readonly string[];
  /** The machine clients holding one of the route's scopes. */
  readonly machineClients: readonly string[];
  /** `userPool`, `oidcIssuer`, `lambda` or `iam`; absent on public routes. */
  readonly authorizer?: string;
  /**
   * IAM routes (`kind: iam`): the ARNs of the principals the construct allowed `execute-api:Invoke` on
   * the route (`grantees`, `grantInvoke()`), as the template writes them: a role of the same stack is
   * `{"Fn::GetAtt": ["<role logical id>", "Arn"]}`. Absent on other routes.
   */
  readonly grantees?: readonly unknown[];
  /**
   * Routes that require claims (`kind: claims`): each claim's accepted values (any one of them), as
   * the Lambda authorizer's route requirements hold them. Absent on other routes.
   */
  readonly claims?: Readonly<Record<string, readonly string[]>>;
}

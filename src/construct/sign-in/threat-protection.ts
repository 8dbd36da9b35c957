import { Annotations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { CognitoProtectedHttpApiProps } from '../cognito-protected-http-api-props';

/**
 * The pool's web ACL association, and a warning when the PLUS plan turns no threat protection on
 * (aws-cdk-lib's default mode is no enforcement: the Plus price would buy nothing).
 */
export function addThreatProtection(scope: Construct, userPool: cognito.UserPool, props: CognitoProtectedHttpApiProps): void {
  if (props.userPoolWebAclArn) {
    new wafv2.CfnWebACLAssociation(scope, 'UserPoolWebAclAssociation', { resourceArn: userPool.userPoolArn, webAclArn: props.userPoolWebAclArn });
  }
  if (props.featurePlan === cognito.FeaturePlan.PLUS && !hasThreatProtection(props)) {
    Annotations.of(scope).addWarningV2('cdk-cognito-protected-http-api:threat-protection',
      'featurePlan is PLUS but no threat protection mode is set, so the pool pays for the Plus plan without using it; set standardThreatProtectionMode (StandardThreatProtectionMode.AUDIT_ONLY or FULL_FUNCTION), or use FeaturePlan.ESSENTIALS.');
  }
}

/** Whether threat protection rates the pool's requests (a standard or custom-auth mode other than no enforcement). */
export function hasThreatProtection(props: CognitoProtectedHttpApiProps): boolean {
  const standard = props.standardThreatProtectionMode ?? cognito.StandardThreatProtectionMode.NO_ENFORCEMENT;
  return standard !== cognito.StandardThreatProtectionMode.NO_ENFORCEMENT || props.customThreatProtectionMode !== undefined;
}

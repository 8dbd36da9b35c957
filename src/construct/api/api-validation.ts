import { Token } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { CognitoProtectedHttpApiProps } from '../cognito-protected-http-api-props';
import { checkCors, checkString, LIMITS } from '../validation/cfn-limits';
import { fail, OWNER, rejectUnused, propsThatAreSet } from '../validation/check-helpers';

/* Checks of the HTTP API, its stage, custom domain and CORS, and of where the library's functions run. */

export function validateStage(props: CognitoProtectedHttpApiProps): void {
  if (props.accessLogging === false) {
    rejectUnused(props, ['accessLogRetention', 'accessLogGroup'], 'accessLogging', 'is false', 'turn access logging on');
  }
  if (props.accessLogGroup && props.accessLogRetention !== undefined) {
    fail('accessLogRetention', 'applies only to the log group the construct creates; set the retention on accessLogGroup instead, or remove accessLogGroup.');
  }
  const { throttlingRateLimit: rate, throttlingBurstLimit: burst } = props;
  if (rate !== undefined && !Token.isUnresolved(rate) && !(rate >= 0 && Number.isFinite(rate))) {
    fail('throttlingRateLimit', `is ${rate}; give requests per second ≥ 0.`);
  }
  if (burst !== undefined && !Token.isUnresolved(burst) && !(Number.isInteger(burst) && burst >= 0)) {
    fail('throttlingBurstLimit', `is ${burst}; give a whole number of requests ≥ 0.`);
  }
  if (burst !== undefined && rate === undefined) {
    fail('throttlingBurstLimit', 'is set without throttlingRateLimit; a burst only makes sense with a rate, so set both.');
  }
}

export function validateDomain(props: CognitoProtectedHttpApiProps): void {
  checkString(OWNER, 'domainName', props.domainName, LIMITS.domainName);
  if (props.domainName === undefined) {
    const orphans = propsThatAreSet(props, ['certificate', 'hostedZone']);
    if (orphans.length > 0) {
      fail(orphans[0], 'needs domainName; add domainName, or remove it.');
    }
    if (props.disableExecuteApiEndpoint) {
      fail('disableExecuteApiEndpoint', 'without domainName would leave the API unreachable; add domainName, or remove it.');
    }
    return;
  }
  if (!props.certificate && !props.hostedZone) {
    fail('domainName', 'needs a certificate (certificate) or a hosted zone to create one in (hostedZone).');
  }
}

export function validateApi(props: CognitoProtectedHttpApiProps): void {
  checkString(OWNER, 'apiName', props.apiName, LIMITS.apiName);
  checkString(OWNER, 'apiDescription', props.apiDescription, LIMITS.apiDescription);
}

export function validateCors(cors: apigwv2.CorsPreflightOptions | undefined): void {
  checkCors(OWNER, cors);
  if (cors?.allowCredentials && cors.allowOrigins?.includes('*')) {
    fail('corsPreflight', 'allowCredentials with allowOrigins ["*"] is refused by browsers; list the allowed origins explicitly.');
  }
}

/** Subnets and security groups place the library's functions in a VPC: they need one. */
export function validateManagedResources(props: CognitoProtectedHttpApiProps): void {
  if (!props.vpc) {
    rejectUnused(props, ['vpcSubnets', 'securityGroups'], 'vpc', 'is not set', 'set vpc');
  }
}

import { IConstruct } from 'constructs';
import { validateApi, validateCors, validateDomain, validateManagedResources, validateStage } from '../api/api-validation';
import { validateScopesAndGroups } from '../authorization/api-scope-validation';
import { validateTokenAuthorizer } from '../authorization/token-authorizer-validation';
import { CognitoProtectedHttpApiProps } from '../cognito-protected-http-api-props';
import { validateMonitoring } from '../monitoring/monitoring-validation';
import { validateSignIn } from '../sign-in/sign-in-validation';
import { validatePasswordPolicy, validatePoolAndClients, validateTokenValidities } from '../user-pool/user-pool-validation';

/*
 * The checks of the props that need nothing but the props (and the construct's stack, to see what a
 * token resolves to), run first in the constructor, in this order;
 * each check lives with its concept. Not every check is here: those that need what the constructor
 * makes run where it is made (the region of the sign-in certificate in `user-pool/pool-domain.ts`,
 * sign-in methods against the pool's email in `sign-in/sign-in-policy.ts`), a route's and a machine
 * client's checks run when it is added (`api/api-route-validation.ts`, `user-pool/machine-client-validation.ts`,
 * the authorizer and group checks in `cognito-protected-http-api.ts`), and what may still change after
 * construction (routes and clients added later, quotas, the Lambda authorizer's configuration size)
 * is checked at synth (`node.addValidation` in the L3, `authorization/lambda-token-authorizer.ts` and
 * `api/lambda-route-integration.ts`).
 */

/** Checks the props that can be checked from the props alone, before anything is created; `scope` is the construct. */
export function runConstructionChecks(props: CognitoProtectedHttpApiProps, scope: IConstruct): void {
  validateTokenAuthorizer(props);
  validatePoolAndClients(props);
  validateTokenValidities(props);
  validatePasswordPolicy(props.passwordPolicy);
  validateSignIn(props, scope);
  validateScopesAndGroups(props);
  validateStage(props);
  validateDomain(props);
  validateApi(props);
  validateCors(props.corsPreflight);
  validateManagedResources(props);
  validateMonitoring(props.monitoring);
}

import { validateScopesAndGroups } from './api-scope-validation';
import { validateApi, validateCors, validateDomain, validateManagedResources, validateStage } from './api-validation';
import { CognitoProtectedHttpApiProps } from './cognito-protected-http-api-props';
import { validateSignIn } from './sign-in/sign-in-validation';
import { validateTokenAuthorizer } from './token-authorizer-validation';
import { validatePasswordPolicy, validatePoolAndClients, validateTokenValidities } from './user-pool-validation';

/* The one place that runs the checks of the props, in order; each check lives with its concept. */

/** Checks the props that can be checked at construction. */
export function validateProps(props: CognitoProtectedHttpApiProps): void {
  validateTokenAuthorizer(props);
  validatePoolAndClients(props);
  validateTokenValidities(props);
  validatePasswordPolicy(props.passwordPolicy);
  validateSignIn(props);
  validateScopesAndGroups(props);
  validateStage(props);
  validateDomain(props);
  validateApi(props);
  validateCors(props.corsPreflight);
  validateManagedResources(props);
}

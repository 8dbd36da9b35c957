import { MachineClientOptions } from './machine-client';
import { DeclaredNames, undeclaredScope } from '../authorization/api-scope-validation';
import { checkNumber, LIMITS } from '../validation/cfn-limits';
import { ACCESS_AND_ID_TOKEN_VALIDITY_MAX, ACCESS_AND_ID_TOKEN_VALIDITY_MIN, alphanumeric, fail, OWNER, validateDuration, validateWhole } from '../validation/check-helpers';

/* Checks of a machine client before it is created. */

const CLIENT_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,127}$/;

/** Checks a machine client: a valid, new name; declared API scopes. */
export function validateMachineClient(where: string, options: MachineClientOptions, declared: DeclaredNames, names: Set<string>): void {
  if (!CLIENT_NAME.test(options.name)) {
    fail(`${where}.name`, `"${options.name}" must start with a letter or digit and have only letters, digits and hyphens (at most 128).`);
  }
  if (names.has(alphanumeric(options.name))) {
    fail(`${where}.name`, `a machine client named "${options.name}" (or differing only in punctuation) already exists; give each machine client its own name.`);
  }
  checkNumber(OWNER, `${where}.scopes.length`, options.scopes.length, LIMITS.oauthScopesCount);
  if (options.scopes.length === 0) {
    fail(`${where}.scopes`, 'is empty; a machine client gets only the scopes it is given, so give at least one.');
  }
  for (const scope of options.scopes) {
    if (!declared.scopes.includes(scope)) {
      fail(`${where}.scopes`, undeclaredScope(scope, declared, 'give it'));
    }
  }
  validateDuration(`${where}.accessTokenValidity`, options.accessTokenValidity, ACCESS_AND_ID_TOKEN_VALIDITY_MIN, ACCESS_AND_ID_TOKEN_VALIDITY_MAX);
  validateWhole(`${where}.accessTokenValidity`, options.accessTokenValidity, 'minutes');
}

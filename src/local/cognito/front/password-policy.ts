import { CognitoError } from '../client';
import { FrontCall } from './call';

/**
 * The pool's password policy, checked as Cognito checks it before any password is set (moto checks
 * only some operations and answers "The provided password does not confirm to the configured
 * password policy"): `InvalidPasswordException` "Password did not conform with policy: <reason>"
 * ("Password not long enough", "Password must have uppercase characters", "… lowercase characters",
 * "… numeric characters", "… symbol characters").
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/managing-users-passwords.html
 */

/** Cognito's special characters ("Password requirements"), the space included. */
const SYMBOLS = new Set('^$*.[]{}()?-"!@#%&/\\,><\':;|_~`+= ');

/** Cognito's default policy, for a pool that has none. */
const DEFAULTS = { MinimumLength: 8, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true, RequireSymbols: true };

/** The first rule of `policy` that `password` breaks, in Cognito's words; undefined when it conforms. */
export function passwordPolicyViolation(password: string, policy: Partial<typeof DEFAULTS> = {}): string | undefined {
  const rules = { ...DEFAULTS, ...policy };
  if (password.length < rules.MinimumLength) return 'Password not long enough';
  if (rules.RequireUppercase && !/[A-Z]/.test(password)) return 'Password must have uppercase characters';
  if (rules.RequireLowercase && !/[a-z]/.test(password)) return 'Password must have lowercase characters';
  if (rules.RequireNumbers && !/[0-9]/.test(password)) return 'Password must have numeric characters';
  if (rules.RequireSymbols && ![...password].some((c) => SYMBOLS.has(c))) return 'Password must have symbol characters';
  return undefined;
}

/** Throws Cognito's `InvalidPasswordException` when `password` breaks the pool's policy (`DescribeUserPool`). */
export async function checkPasswordPolicy(call: FrontCall, password: unknown): Promise<void> {
  if (typeof password !== 'string') return;
  const violation = passwordPolicyViolation(password, (await call.describePool()).Policies?.PasswordPolicy);
  if (violation) throw new CognitoError('InvalidPasswordException', `Password did not conform with policy: ${violation}`);
}

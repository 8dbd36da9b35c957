import { LocalIdentityProvider, offeredProviders } from './identity-providers';

/**
 * What managed login (the hosted UI) offers on a pool's sign-in page, from the pool and the app
 * client as Cognito reads them ("Hosted UI endpoints reference",
 * https://docs.aws.amazon.com/cognito/latest/developerguide/hosted-UI-endpoints.html): the user pool
 * directory's sign-in (username and password, sign-up, forgot password) only when the client's
 * `SupportedIdentityProviders` lists `COGNITO`; the pool's other first factors
 * (`SignInPolicy.AllowedFirstAuthFactors`); sign-up only when the pool lets users sign themselves up
 * (`AdminCreateUserConfig.AllowAdminCreateUserOnly` false); a button for each federated provider of
 * the pool the client lists. Pure: the OAuth server reads DescribeUserPool and DescribeUserPoolClient.
 */

/** The pool's settings the pages read (DescribeUserPool, and the template's first factors, which moto does not keep). */
export interface ManagedLoginPool {
  readonly selfSignUp: boolean;
  /** `UsernameAttributes`: `email` and/or `phone_number` sign in in place of a username. */
  readonly usernameAttributes: readonly string[];
  /** The schema's required attributes the sign-up form asks for (not `sub`, nor a username attribute: the username is it). */
  readonly requiredAttributes: readonly string[];
  /** `SignInPolicy.AllowedFirstAuthFactors` (`PASSWORD` when the template names none). */
  readonly firstFactors: readonly string[];
}

/**
 * The attributes a sign-up must give (DescribeUserPool's `SchemaAttributes[].Required`): not `sub`,
 * nor a username attribute (`UsernameAttributes`: the username is its value).
 */
export function signUpRequiredAttributes(userPool: Record<string, any>): string[] {
  const usernameAttributes: string[] = userPool.UsernameAttributes ?? [];
  const schema: Array<Record<string, any>> = userPool.SchemaAttributes ?? [];
  return schema
    .filter((attribute) => attribute.Required === true && attribute.Name !== 'sub' && !usernameAttributes.includes(attribute.Name))
    .map((attribute) => String(attribute.Name));
}

/** DescribeUserPool's `UserPool` and the template's first factors, as the pages read them. */
export function managedLoginPool(userPool: Record<string, any>, firstFactors: readonly string[]): ManagedLoginPool {
  return {
    selfSignUp: userPool.AdminCreateUserConfig?.AllowAdminCreateUserOnly !== true,
    usernameAttributes: userPool.UsernameAttributes ?? [],
    requiredAttributes: signUpRequiredAttributes(userPool),
    firstFactors,
  };
}

/** What the sign-in page offers. */
export interface ManagedLoginOffer {
  /** The username-and-password form (the pool's own directory, `COGNITO`). */
  readonly password: boolean;
  /** The other first factors of the pool, when the directory is offered: `EMAIL_OTP`, `SMS_OTP`, `WEB_AUTHN`. */
  readonly otherFactors: readonly string[];
  readonly signUp: boolean;
  readonly forgotPassword: boolean;
  /** The federated providers the client lists. */
  readonly federated: readonly LocalIdentityProvider[];
}

export function managedLoginOffer(
  pool: ManagedLoginPool, supported: readonly string[], providers: readonly LocalIdentityProvider[],
): ManagedLoginOffer {
  const directory = supported.includes('COGNITO');
  const password = directory && pool.firstFactors.includes('PASSWORD');
  return {
    password,
    otherFactors: directory ? pool.firstFactors.filter((factor) => factor !== 'PASSWORD') : [],
    signUp: directory && pool.selfSignUp,
    forgotPassword: password,
    federated: offeredProviders(providers, supported),
  };
}

/** The label of the sign-in and sign-up username field (`UsernameAttributes`). */
export function usernameLabel(usernameAttributes: readonly string[]): string {
  const email = usernameAttributes.includes('email');
  const phone = usernameAttributes.includes('phone_number');
  if (email && phone) return 'Email or phone number';
  if (email) return 'Email';
  if (phone) return 'Phone number';
  return 'Username';
}

/** Cognito's answer to SignUp in a pool of `AllowAdminCreateUserOnly` (NotAuthorizedException; pmill/aws-cognito #37, awslabs/media-analysis-solution #8). */
export const SIGN_UP_NOT_PERMITTED = 'SignUp is not permitted for this user pool';

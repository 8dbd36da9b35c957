import { CognitoError } from '../client';
import { signUpRequiredAttributes } from '../managed-login';
import { attributesOf, FrontCall, ok, Operation, passOn } from './call';
import { checkPasswordPolicy } from './password-policy';
import { rememberPassword } from './passwords';
import { withSignUpCode } from './sign-up-code';

/**
 * Sign-up and confirmation ("Signing up and confirming user accounts"): the PreSignUp trigger first
 * (its error fails the sign-up; `autoConfirmUser`, `autoVerifyEmail`, `autoVerifyPhone` applied),
 * PostConfirmation when the user is confirmed. The password is checked against the pool's policy
 * first, then the schema's required attributes; the password is remembered (its SRP verifier) once
 * moto took it; an unconfirmed user gets a code (sign-up-code.ts), confirmed by ConfirmSignUp
 * (confirmation.ts).
 */

export async function postConfirmation(call: FrontCall, username: string, triggerSource = 'PostConfirmation_ConfirmSignUp'): Promise<void> {
  const user = await call.user(username);
  await call.trigger('PostConfirmation', triggerSource, user.username, { userAttributes: user.attributes });
}

/**
 * Cognito's InvalidParameterException for a sign-up without a required attribute: "Attributes did
 * not conform to the schema: <name>: The attribute is required", one line per attribute (moto does
 * not check; the order against the password policy is *unconfirmed*).
 */
async function checkRequiredAttributes(call: FrontCall): Promise<void> {
  const given = attributesOf(call.body.UserAttributes);
  const missing = signUpRequiredAttributes(await call.describePool()).filter((name) => !given[name]);
  if (missing.length) {
    throw new CognitoError('InvalidParameterException', `Attributes did not conform to the schema: ${missing.map((name) => `${name}: The attribute is required`).join('\n')}`);
  }
}

const signUp: Operation = async (call) => {
  const { body, pool } = call;
  await checkPasswordPolicy(call, body.Password);
  await checkRequiredAttributes(call);
  const decision = await call.trigger('PreSignUp', 'PreSignUp_SignUp', body.Username, {
    userAttributes: attributesOf(body.UserAttributes),
    validationData: attributesOf(body.ValidationData),
    clientMetadata: body.ClientMetadata ?? {},
  });
  const answer = await call.forward();
  if (answer.status !== 200) return passOn(answer);
  await rememberPassword(call, body.Username, String(body.Password));
  const result = JSON.parse(answer.text);
  const verified = [
    ...decision?.autoVerifyEmail ? [{ Name: 'email_verified', Value: 'true' }] : [],
    ...decision?.autoVerifyPhone ? [{ Name: 'phone_number_verified', Value: 'true' }] : [],
  ];
  if (verified.length) await call.cognito.call('AdminUpdateUserAttributes', { UserPoolId: pool.userPoolId, Username: body.Username, UserAttributes: verified });
  if (decision?.autoConfirmUser) {
    await call.cognito.call('AdminConfirmSignUp', { UserPoolId: pool.userPoolId, Username: body.Username });
    result.UserConfirmed = true;
    await postConfirmation(call, body.Username);
  }
  return ok(await withSignUpCode(call, result));
};

const confirmSignUp: Operation = async (call) => {
  const answer = await call.forward();
  if (answer.status === 200) await postConfirmation(call, call.body.Username);
  return passOn(answer);
};

export const SIGN_UP_OPERATIONS: Readonly<Record<string, Operation>> = {
  SignUp: signUp,
  AdminConfirmSignUp: confirmSignUp,
};

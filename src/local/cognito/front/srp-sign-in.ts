import { randomBytes } from 'crypto';
import { CognitoError } from '../client';
import { TokenUser } from '../tokens';
import { FrontCall, ok, Reply } from './call';
import { secretHash } from './client-rules';
import { issueTokens } from './issue-tokens';
import { srpPoolName, verifierKey } from './passwords';
import { srpClientValueValid, srpProofValid, srpServerValues, srpVerifier } from './srp';

/**
 * SRP sign-in (`USER_SRP_AUTH`, what amazon-cognito-identity-js and Amplify do by default), answered
 * here because moto does not check the proof: InitiateAuth sends the `PASSWORD_VERIFIER` challenge
 * from the user's verifier (passwords.ts), RespondToAuthChallenge checks the signature (srp.ts) and,
 * only when it proves the password, runs moto's own SRP flow for the user (moto checks no proof) to
 * get its answer: tokens (issued again, issue-tokens.ts) or its next challenge (NEW_PASSWORD_REQUIRED,
 * MFA) with moto's session.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RespondToAuthChallenge.html
 */

/** Cognito's sign-in sessions last three minutes (the app client's `AuthSessionValidity` default). */
const SESSION_MS = 3 * 60_000;

const INCORRECT = 'Incorrect username or password.';

/** Alias attributes and the attribute saying each is verified (an alias signs in only once verified). */
const ALIASES: Record<string, string | undefined> = { email: 'email_verified', phone_number: 'phone_number_verified', preferred_username: undefined };

/**
 * The user a sign-in names: by username (or, in a pool whose usernames are emails or phone numbers,
 * by those: moto resolves them), else by a verified alias of the pool's `AliasAttributes` (moto does
 * not resolve aliases). Undefined when there is none.
 */
export async function findSignInUser(call: FrontCall, name: string): Promise<TokenUser | undefined> {
  const found = await call.user(name).catch((error) => {
    if (error instanceof CognitoError && error.code === 'UserNotFoundException') return undefined;
    throw error;
  });
  if (found) return found;
  for (const alias of ((await call.describePool()).AliasAttributes ?? []) as string[]) {
    if (!(alias in ALIASES)) continue;
    const { Users } = await call.cognito.call('ListUsers', { UserPoolId: call.pool.userPoolId, Filter: `${alias} = ${JSON.stringify(name)}` });
    for (const candidate of Users ?? []) {
      const user = await call.user(candidate.Username);
      const verified = ALIASES[alias];
      if (user.attributes[alias] === name && (!verified || user.attributes[verified] === 'true')) return user;
    }
  }
  return undefined;
}

/** InitiateAuth / AdminInitiateAuth with `USER_SRP_AUTH`: the `PASSWORD_VERIFIER` challenge. */
export async function startSrpSignIn(call: FrontCall, user: TokenUser | undefined): Promise<Reply> {
  const { body, pool, services } = call;
  const { SRP_A } = body.AuthParameters ?? {};
  if (!SRP_A) throw new CognitoError('InvalidParameterException', 'Missing required parameter SRP_A');
  if (!srpClientValueValid(String(SRP_A))) throw new CognitoError('InvalidParameterException', 'SRP_A is not valid: A mod N cannot be 0');
  if (!user) throw new CognitoError('UserNotFoundException', 'User does not exist.');
  // The client's SECRET_HASH was checked with its other rules (client-rules.ts).
  const known = services.state.verifiers.get(verifierKey(pool.userPoolId, user.username));
  // Without a verifier the challenge is still sent (as Cognito does), from one no password matches.
  const verifier = known ?? srpVerifier(srpPoolName(pool.userPoolId), user.username, randomBytes(32).toString('hex'));
  const server = srpServerValues(verifier);
  const session = randomBytes(48).toString('base64');
  const secretBlock = randomBytes(64).toString('base64');
  const now = Date.now();
  for (const [key, pending] of services.state.srpChallenges) if (pending.expiresAt < now) services.state.srpChallenges.delete(key);
  services.state.srpChallenges.set(session, {
    userPoolId: pool.userPoolId,
    username: user.username,
    clientId: body.ClientId,
    A: String(SRP_A),
    ...server,
    verifier,
    known: !!known,
    secretBlock,
    expiresAt: now + SESSION_MS,
  });
  return ok({
    ChallengeName: 'PASSWORD_VERIFIER',
    Session: session,
    ChallengeParameters: {
      SALT: verifier.salt, SRP_B: server.B, SECRET_BLOCK: secretBlock, USER_ID_FOR_SRP: user.username, USERNAME: user.username,
    },
  });
}

/**
 * moto's answer for a user the front has proven (a password, a code, a passkey): moto's own SRP flow
 * (it checks no proof) gives its tokens, or its next challenge, with a session moto knows.
 */
export async function motoSignIn(call: FrontCall, username: string, srpA = '2'): Promise<Record<string, any>> {
  const { ClientId } = call.body;
  const secret = (await call.client())?.ClientSecret;
  const started = await call.cognito.call('InitiateAuth', {
    ClientId,
    AuthFlow: 'USER_SRP_AUTH',
    AuthParameters: { USERNAME: username, SRP_A: srpA, ...secret ? { SECRET_HASH: secretHash(secret, username, ClientId) } : {} },
  });
  return call.cognito.call('RespondToAuthChallenge', {
    ClientId,
    ChallengeName: 'PASSWORD_VERIFIER',
    Session: started.Session,
    ChallengeResponses: { USERNAME: username, PASSWORD_CLAIM_SECRET_BLOCK: started.Session, PASSWORD_CLAIM_SIGNATURE: 'checked-by-the-front', TIMESTAMP: 'checked-by-the-front' },
  });
}

/** The tokens for a user the front has proven, as every sign-in ends. */
export async function signedIn(call: FrontCall, username: string): Promise<Reply> {
  const result = await motoSignIn(call, username);
  await issueTokens(call, result, { refresh: false, username });
  return ok(result);
}

/** RespondToAuthChallenge / AdminRespondToAuthChallenge with `PASSWORD_VERIFIER`. */
export async function answerPasswordVerifier(call: FrontCall): Promise<Reply> {
  const { body, pool, services } = call;
  const responses = body.ChallengeResponses ?? {};
  const pending = services.state.srpChallenges.get(String(body.Session));
  services.state.srpChallenges.delete(String(body.Session));
  if (!pending || pending.expiresAt < Date.now() || pending.userPoolId !== pool.userPoolId || pending.clientId !== body.ClientId) {
    throw new CognitoError('NotAuthorizedException', 'Invalid session for the user, session is expired.');
  }
  if (!pending.known) {
    services.log(`local Cognito: the SRP sign-in of ${pending.username} in ${pool.userPoolId} was refused: the front never saw this user's password `
      + '(set outside the runner\'s Cognito endpoint). Set it through that endpoint (SignUp, AdminCreateUser, AdminSetUserPassword, …) to sign in with SRP.');
    throw new CognitoError('NotAuthorizedException', INCORRECT);
  }
  const valid = responses.USERNAME === pending.username && responses.PASSWORD_CLAIM_SECRET_BLOCK === pending.secretBlock && srpProofValid({
    poolName: srpPoolName(pool.userPoolId),
    userId: pending.username,
    verifier: pending.verifier,
    server: pending,
    A: pending.A,
    secretBlock: pending.secretBlock,
    timestamp: String(responses.TIMESTAMP ?? ''),
    signature: String(responses.PASSWORD_CLAIM_SIGNATURE ?? ''),
  });
  if (!valid) throw new CognitoError('NotAuthorizedException', INCORRECT);
  const username = pending.username;
  const result = await motoSignIn(call, username, pending.A);
  if (result.ChallengeName === 'NEW_PASSWORD_REQUIRED') {
    // Cognito's parameters of this challenge (SDKs parse both): the user's attributes and the required ones.
    const { sub, ...userAttributes } = (await call.user(username)).attributes;
    result.ChallengeParameters = { ...result.ChallengeParameters, USER_ID_FOR_SRP: username, userAttributes: JSON.stringify(userAttributes), requiredAttributes: '[]' };
  }
  await issueTokens(call, result, { refresh: false, username });
  return ok(result);
}

import { createHmac, randomBytes } from 'crypto';
import { AuthenticationHelper } from 'amazon-cognito-identity-js';
import { srpClientValueValid, srpProofValid, srpServerValues, srpVerifier } from '../../src/local/cognito/front/srp';

/**
 * The front's SRP server side (src/local/cognito/front/srp.ts) against amazon-cognito-identity-js's
 * client side (`AuthenticationHelper.getPasswordAuthenticationKey` and the signature CognitoUser
 * sends), for random pool names, users and passwords: 300 rounds, so the 1-in-256 padding pitfall
 * (a padHex of B, S or u starting with 00) comes up about once per value.
 * AWS: https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RespondToAuthChallenge.html
 */

const ROUNDS = 300;
/** A client's `a` and A cost about 0.1 s in ACIJ's JavaScript BigInteger: one client per few rounds. */
const ROUNDS_PER_CLIENT = 10;

interface JsbnInteger {
  constructor: new (hex: string, radix: number) => unknown;
  toString(radix: number): string;
}

interface Client {
  largeAValue: JsbnInteger;
  getPasswordAuthenticationKey(user: string, password: string, B: unknown, salt: unknown, callback: (error: unknown, key: Buffer) => void): void;
}

function randomText(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@#$%^&*()-_=+ é漢';
  return Array.from({ length: 4 + (randomBytes(1)[0] % 20) }, () => alphabet[randomBytes(1)[0] % alphabet.length]).join('');
}

/** What CognitoUser.authenticateUserDefaultAuth computes and sends back. */
function clientSignature(
  client: Client, poolName: string, userId: string, password: string, B: string, salt: string, secretBlock: string, timestamp: string,
) {
  const BigInteger = client.largeAValue.constructor;
  let key: Buffer | undefined;
  client.getPasswordAuthenticationKey(userId, password, new BigInteger(B, 16), new BigInteger(salt, 16), (error, hkdf) => {
    if (error) throw error;
    key = hkdf;
  });
  const message = Buffer.concat([Buffer.from(poolName), Buffer.from(userId), Buffer.from(secretBlock, 'base64'), Buffer.from(timestamp)]);
  return createHmac('sha256', key!).update(message).digest('base64');
}

test(`the server side verifies what amazon-cognito-identity-js proves, ${ROUNDS} random rounds; wrong passwords fail`, () => {
  let client: Client | undefined;
  let poolName = '';
  let accepted = 0;
  let refused = 0;
  for (let round = 0; round < ROUNDS; round++) {
    if (round % ROUNDS_PER_CLIENT === 0) {
      poolName = randomBytes(5).toString('hex');
      client = new AuthenticationHelper(poolName) as unknown as Client;
    }
    const userId = round % 2 ? randomText() : `${randomBytes(4).toString('hex')}-${randomBytes(2).toString('hex')}-4abc-8def-${randomBytes(6).toString('hex')}`;
    const password = randomText();
    const verifier = srpVerifier(poolName, userId, password);
    const server = srpServerValues(verifier);
    const secretBlock = randomBytes(64 + round % 7).toString('base64');
    const timestamp = 'Tue Mar 5 09:07:03 UTC 2024';
    const A = client!.largeAValue.toString(16);
    const proof = { poolName, userId, verifier, server, A, secretBlock, timestamp };
    const signature = clientSignature(client!, poolName, userId, password, server.B, verifier.salt, secretBlock, timestamp);
    expect({ round, valid: srpProofValid({ ...proof, signature }) }).toEqual({ round, valid: true });
    accepted++;
    // The same proof for another timestamp, secret block or user: refused.
    expect(srpProofValid({ ...proof, signature, timestamp: 'Tue Mar 5 09:07:04 UTC 2024' })).toBe(false);
    if (round % ROUNDS_PER_CLIENT === 0) {
      const wrong = clientSignature(client!, poolName, userId, `${password}x`, server.B, verifier.salt, secretBlock, timestamp);
      expect(srpProofValid({ ...proof, signature: wrong })).toBe(false);
      refused++;
    }
  }
  expect({ accepted, refused }).toEqual({ accepted: ROUNDS, refused: ROUNDS / ROUNDS_PER_CLIENT });
});

test('A ≡ 0 (mod N) is refused (RFC 5054 2.5.4), as is a non-hex A', () => {
  const N = 'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF';
  expect(srpClientValueValid('0')).toBe(false);
  expect(srpClientValueValid(N)).toBe(false);
  expect(srpClientValueValid((BigInt(`0x${N}`) * BigInt(2)).toString(16))).toBe(false);
  expect(srpClientValueValid('zz')).toBe(false);
  expect(srpClientValueValid('2')).toBe(true);
});

import { createDiffieHellman, createHmac, randomBytes, timingSafeEqual } from 'crypto';
import { AuthenticationHelper } from 'amazon-cognito-identity-js';

/**
 * The server side of Cognito's SRP (`USER_SRP_AUTH`, challenge `PASSWORD_VERIFIER`): pure functions.
 * The client's half and every convention (N, g, k, padHex, u, x, the "Caldera Derived Key" HKDF) come
 * from amazon-cognito-identity-js's `AuthenticationHelper`, what the SDKs run against Cognito; only
 * the server's equations are here: `v = g^x`, `B = k·v + g^b`, `S = (A·v^u)^b` (RFC 5054 / SRP-6a,
 * as sjmeverett/cognito-srp's `ServerPasswordChallenge` computes them). Modular powers use OpenSSL's
 * Diffie-Hellman (`base^exponent mod N` is `computeSecret` with `exponent` as private key): a few
 * ms where ACIJ's JavaScript BigInteger takes about 75 ms.
 *
 * Numbers travel as hex strings (ACIJ reads `SALT` and `SRP_B` with `new BigInteger(hex, 16)`).
 * Pitfall kept away: every hash input is ACIJ's minimal `padHex` (never padded to N's length).
 */

/** What ACIJ's `AuthenticationHelper` has and does not declare in its typings. */
interface JsbnInteger {
  toString(radix: number): string;
}
interface SrpHelper {
  readonly N: JsbnInteger;
  readonly k: JsbnInteger;
  padHex(value: JsbnInteger): string;
  hash(value: string | Buffer): string;
  hexHash(hex: string): string;
  computehkdf(ikm: Buffer, salt: Buffer): Buffer;
}

declare module 'amazon-cognito-identity-js' {
  // eslint-disable-next-line @typescript-eslint/no-shadow
  export class AuthenticationHelper {
    constructor(poolName: string);
  }
}

let shared: { helper: SrpHelper; N: bigint; k: bigint; integer: new (hex: string, radix: number) => JsbnInteger } | undefined;

/** One helper for the process: its constructor computes a client value (about 0.1 s) never used here. */
function srp() {
  if (!shared) {
    const helper = new AuthenticationHelper('') as unknown as SrpHelper;
    shared = {
      helper,
      N: BigInt(`0x${helper.N.toString(16)}`),
      k: BigInt(`0x${helper.k.toString(16)}`),
      integer: helper.N.constructor as new (hex: string, radix: number) => JsbnInteger,
    };
  }
  return shared;
}

const big = (hex: string): bigint => BigInt(`0x${hex || '0'}`);
const hexOf = (value: bigint): string => value.toString(16);
/** ACIJ's minimal two's-complement hex (odd length: a `0` first; a leading 8–f: `00` first). */
const padHex = (value: bigint): string => srp().helper.padHex(new (srp().integer)(hexOf(value), 16));

/** `base^exponent mod N` (OpenSSL). OpenSSL refuses a "public key" outside 2..N−2: those few bases are computed here. */
function modPowN(base: bigint, exponent: bigint): bigint {
  const { N } = srp();
  const b = ((base % N) + N) % N;
  if (b <= BigInt(1)) return b;
  if (b === N - BigInt(1)) return exponent % BigInt(2) === BigInt(0) ? BigInt(1) : b;
  const dh = createDiffieHellman(Buffer.from(padHex(N), 'hex'), Buffer.from([2]));
  dh.setPrivateKey(Buffer.from(padHex(exponent), 'hex'));
  return big(dh.computeSecret(Buffer.from(padHex(b), 'hex')).toString('hex'));
}

/** What the front keeps for a user instead of the password: the salt and `v = g^x mod N` (hex). */
export interface SrpVerifier {
  readonly salt: string;
  readonly verifier: string;
}

/** `x = H(padHex(salt) ‖ hexSHA256(poolName ‖ userId ‖ ":" ‖ password))`. */
function privateKeyX(poolName: string, userId: string, password: string, salt: string): bigint {
  const { helper } = srp();
  return big(helper.hexHash(padHex(big(salt)) + helper.hash(`${poolName}${userId}:${password}`)));
}

/**
 * The verifier of `password` for `userId` (`USER_ID_FOR_SRP`) in the pool named `poolName` (the pool
 * id after `_`), with a new random 16-byte salt unless one is given.
 */
export function srpVerifier(poolName: string, userId: string, password: string, salt = randomBytes(16).toString('hex')): SrpVerifier {
  return { salt, verifier: hexOf(modPowN(BigInt(2), privateKeyX(poolName, userId, password, salt))) };
}

/** The server's secret `b` and public `B = (k·v + g^b) mod N` for one sign-in (hex). */
export interface SrpServerValues {
  readonly b: string;
  readonly B: string;
}

export function srpServerValues(verifier: SrpVerifier): SrpServerValues {
  const { N, k } = srp();
  const b = big(randomBytes(32).toString('hex')) || BigInt(1);
  const B = (k * big(verifier.verifier) + modPowN(BigInt(2), b)) % N;
  return { b: hexOf(b), B: hexOf(B) };
}

/** Cognito refuses a client value `A ≡ 0 (mod N)` (SRP-6a's safeguard: it would make S = 0). */
export function srpClientValueValid(A: string): boolean {
  return /^[0-9a-fA-F]+$/.test(A) && big(A) % srp().N !== BigInt(0);
}

/** One `PASSWORD_VERIFIER` answer and what the challenge sent. */
export interface SrpProof {
  readonly poolName: string;
  readonly userId: string;
  readonly verifier: SrpVerifier;
  readonly server: SrpServerValues;
  /** `SRP_A` of InitiateAuth. */
  readonly A: string;
  /** `SECRET_BLOCK` of the challenge (base64), as `PASSWORD_CLAIM_SECRET_BLOCK` carries it back. */
  readonly secretBlock: string;
  readonly timestamp: string;
  /** `PASSWORD_CLAIM_SIGNATURE` (base64). */
  readonly signature: string;
}

/**
 * Whether `PASSWORD_CLAIM_SIGNATURE` proves the password: `u = H(padHex(A) ‖ padHex(B))`,
 * `S = (A·v^u)^b mod N`, key = HKDF(salt `padHex(u)`, ikm `padHex(S)`, "Caldera Derived Key"), and
 * the signature `b64(HMAC-SHA256(key, poolName ‖ userId ‖ b64dec(secretBlock) ‖ timestamp))`.
 */
export function srpProofValid(proof: SrpProof): boolean {
  const { helper } = srp();
  const A = big(proof.A);
  const u = big(helper.hexHash(padHex(A) + padHex(big(proof.server.B))));
  if (u === BigInt(0) || !srpClientValueValid(proof.A)) return false;
  const S = modPowN(A * modPowN(big(proof.verifier.verifier), u), big(proof.server.b));
  const key = helper.computehkdf(Buffer.from(padHex(S), 'hex'), Buffer.from(padHex(u), 'hex'));
  const expected = createHmac('sha256', key).update(Buffer.concat([
    Buffer.from(proof.poolName, 'utf8'),
    Buffer.from(proof.userId, 'utf8'),
    Buffer.from(proof.secretBlock, 'base64'),
    Buffer.from(proof.timestamp, 'utf8'),
  ])).digest();
  const given = Buffer.from(proof.signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

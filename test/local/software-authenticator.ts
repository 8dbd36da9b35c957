import { createHash, generateKeyPairSync, KeyObject, randomBytes, sign } from 'crypto';

/**
 * The client side of WebAuthn for tests without a browser: a platform authenticator with one ES256
 * key that answers creation options (`none` attestation) and request options as a browser page of
 * `origin` would hand them to a server: RegistrationResponseJSON and AuthenticationResponseJSON
 * (W3C Web Authentication, §6.1 authenticator data, §8.7 none attestation).
 * @see https://www.w3.org/TR/webauthn-3/#sctn-authenticator-data
 */

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest();
const b64url = (data: Buffer) => data.toString('base64url');

/** CBOR (RFC 8949) of what attestation needs: integers, text, bytes and maps. */
function cbor(value: number | string | Buffer | Map<number | string, unknown>): Buffer {
  // The initial byte: the major type in the top 3 bits, then the length (or 24/25: it follows in 1/2 bytes).
  const head = (major: number, n: number): Buffer => {
    if (n < 24) return Buffer.from([major * 32 + n]);
    if (n < 0x100) return Buffer.from([major * 32 + 24, n]);
    const long = Buffer.alloc(3);
    long[0] = major * 32 + 25;
    long.writeUInt16BE(n, 1);
    return long;
  };
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string') return Buffer.concat([head(3, Buffer.byteLength(value)), Buffer.from(value)]);
  if (Buffer.isBuffer(value)) return Buffer.concat([head(2, value.length), value]);
  return Buffer.concat([head(5, value.size), ...[...value].flatMap(([key, item]) => [cbor(key), cbor(item as any)])]);
}

/** The flags' bits (summed): user present and user verified; `attested` adds the credential (registration). */
const FLAGS = { userPresent: 0x01, userVerified: 0x04, attested: 0x40 };

export class SoftwareAuthenticator {
  readonly credentialId = randomBytes(16);
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  private counter = 0;

  constructor(readonly origin: string) {
    ({ privateKey: this.privateKey, publicKey: this.publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' }));
  }

  get id(): string {
    return b64url(this.credentialId);
  }

  /** A new credential for `options` (PublicKeyCredentialCreationOptionsJSON), scoped to `rpId`. */
  register(options: { challenge: string }, rpId: string): Record<string, unknown> {
    const clientData = this.clientData('webauthn.create', options.challenge);
    const jwk = this.publicKey.export({ format: 'jwk' });
    // COSE_Key: kty EC2 (2), alg ES256 (-7), crv P-256 (1), x, y.
    const coseKey = cbor(new Map<number, unknown>([[1, 2], [3, -7], [-1, 1], [-2, Buffer.from(jwk.x!, 'base64url')], [-3, Buffer.from(jwk.y!, 'base64url')]]));
    const length = Buffer.alloc(2);
    length.writeUInt16BE(this.credentialId.length);
    const authData = Buffer.concat([
      this.authenticatorData(rpId, FLAGS.userPresent + FLAGS.userVerified + FLAGS.attested), Buffer.alloc(16), length, this.credentialId, coseKey,
    ]);
    const attestationObject = cbor(new Map<string, unknown>([['fmt', 'none'], ['attStmt', new Map()], ['authData', authData]]));
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
      response: { clientDataJSON: b64url(clientData), attestationObject: b64url(attestationObject), transports: ['internal'] },
    };
  }

  /** An assertion for `options` (PublicKeyCredentialRequestOptionsJSON), signed for `rpId`. */
  authenticate(options: { challenge: string }, rpId: string): Record<string, unknown> {
    const clientData = this.clientData('webauthn.get', options.challenge);
    const authData = this.authenticatorData(rpId, FLAGS.userPresent + FLAGS.userVerified);
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientData)]), this.privateKey);
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
      response: { clientDataJSON: b64url(clientData), authenticatorData: b64url(authData), signature: b64url(signature) },
    };
  }

  private clientData(type: string, challenge: string): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin: this.origin, crossOrigin: false }));
  }

  /** rpIdHash ‖ flags ‖ signCount (§6.1). */
  private authenticatorData(rpId: string, flags: number): Buffer {
    const count = Buffer.alloc(4);
    count.writeUInt32BE(++this.counter);
    return Buffer.concat([sha256(rpId), Buffer.from([flags]), count]);
  }
}

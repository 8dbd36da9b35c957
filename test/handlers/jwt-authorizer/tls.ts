/* eslint-disable no-bitwise */ // DER encoding is bit-twiddling by nature.
import * as crypto from 'crypto';

/**
 * A throw-away self-signed TLS certificate for `127.0.0.1`, built in memory (no openssl binary, no
 * key committed to the repository).
 *
 * Why: aws-jwt-verify fetches JWKS with `node:https` only (an `http:` URI fails with "Protocol
 * "http:" not supported"), and the authorizer refuses non-https JWKS URIs in its configuration.
 * The tests therefore serve JWKS over real TLS and trust this certificate in-process through
 * `https.globalAgent.options.ca` — the production code and its checks are unchanged.
 */

function der(tag: number, content: Buffer): Buffer {
  const n = content.length;
  let length: Buffer;
  if (n < 0x80) {
    length = Buffer.from([n]);
  } else {
    const bytes: number[] = [];
    for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
    length = Buffer.from([0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([Buffer.from([tag]), length, content]);
}
const seq = (...parts: Buffer[]) => der(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]) => der(0x31, Buffer.concat(parts));
const explicit = (n: number, content: Buffer) => der(0xa0 + n, content);
const octets = (content: Buffer) => der(0x04, content);
const bitString = (content: Buffer) => der(0x03, Buffer.concat([Buffer.from([0]), content]));
const bool = (value: boolean) => der(0x01, Buffer.from([value ? 0xff : 0]));
const utf8 = (value: string) => der(0x0c, Buffer.from(value, 'utf8'));

function integer(value: Buffer | number): Buffer {
  let bytes = typeof value === 'number' ? Buffer.from([value]) : value;
  if (bytes[0] & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return der(0x02, bytes);
}

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * a + b];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let v = arc >> 7; v > 0; v >>= 7) chunk.unshift(0x80 | (v & 0x7f));
    bytes.push(...chunk);
  }
  return der(0x06, Buffer.from(bytes));
}

function utcTime(date: Date): Buffer {
  const iso = date.toISOString(); // 2025-01-31T12:34:56.789Z → 250131123456Z
  return der(0x17, Buffer.from(`${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`));
}

const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';

export interface TlsIdentity {
  readonly key: string;
  readonly cert: string;
}

/** A self-signed P-256 certificate for IP address 127.0.0.1, valid for one day. */
export function selfSignedCertificate(): TlsIdentity {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const name = seq(set(seq(oid('2.5.4.3'), utf8('127.0.0.1'))));
  const now = Date.now();
  const tbs = seq(
    explicit(0, integer(2)), // v3
    integer(crypto.randomBytes(8).fill(0x7f, 0, 1)),
    seq(oid(ECDSA_WITH_SHA256)),
    name,
    seq(utcTime(new Date(now - 3600_000)), utcTime(new Date(now + 86400_000))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, seq(
      // subjectAltName: iPAddress 127.0.0.1 (Node checks IP hosts against SAN IP entries only)
      seq(oid('2.5.29.17'), octets(seq(der(0x87, Buffer.from([127, 0, 0, 1]))))),
      // basicConstraints: CA, so OpenSSL accepts it as its own trust anchor
      seq(oid('2.5.29.19'), bool(true), octets(seq(bool(true)))),
    )),
  );
  const signature = crypto.sign('sha256', tbs, privateKey);
  const cert = seq(tbs, seq(oid(ECDSA_WITH_SHA256)), bitString(signature));
  const pem = `-----BEGIN CERTIFICATE-----\n${cert.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
  return { key: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, cert: pem };
}

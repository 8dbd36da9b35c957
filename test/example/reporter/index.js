'use strict';
// The reporter of the authorization example: a function of the same app that calls the API's
// IAM-authorized route GET /internal/report. No token: the request is signed (Signature Version 4,
// service execute-api) with the credentials of the function's role, which Lambda puts into its
// environment. Not bundled: @smithy/signature-v4 comes with Lambda's Node.js runtime (part of the
// AWS SDK v3 it provides; the local runner provides it too); its hashes come from node:crypto.
const { createHash, createHmac } = require('node:crypto');
const { SignatureV4 } = require('@smithy/signature-v4');

/** SHA-256, or HMAC-SHA256 with a key: the checksum interface the signer asks for. */
class Sha256 {
  constructor(key) {
    this.hash = key ? createHmac('sha256', key) : createHash('sha256');
  }
  update(data) {
    this.hash.update(data);
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
}

exports.handler = async () => {
  const url = new URL('internal/report', process.env.API_URL);
  const signer = new SignatureV4({
    service: 'execute-api',
    region: process.env.AWS_REGION,
    credentials: {
      accessKeyId: process.env.AWS_ACCESS_KEY_ID,
      secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY,
      sessionToken: process.env.AWS_SESSION_TOKEN,
    },
    sha256: Sha256,
  });
  const request = await signer.sign({
    method: 'GET',
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: { host: url.host },
  });
  // fetch sets the same Host header from the URL itself.
  const { host, ...headers } = request.headers;
  const response = await fetch(url, { headers });
  return { status: response.status, report: await response.json() };
};

import * as http from 'http';
import { AddressInfo } from 'net';
import { JWKS_MAX_BYTES, JwksCache } from '../../src/local/api/jwks';

/**
 * How the runner fetches an issuer's keys, as API Gateway does ("Quotas for configuring and running
 * an HTTP API", https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html:
 * "Timeout for JWKS endpoint 1,500 ms", "Maximum JWKS response size 150,000 bytes"), and one fetch per
 * issuer however many requests arrive with a cold cache.
 */

/** A JWKS of exactly `bytes` bytes (a padded key). */
function jwksOf(bytes: number): string {
  const empty = JSON.stringify({ keys: [{ kid: 'k1', kty: 'RSA', e: 'AQAB', n: '' }] });
  return JSON.stringify({ keys: [{ kid: 'k1', kty: 'RSA', e: 'AQAB', n: 'A'.repeat(bytes - empty.length) }] });
}

const hits: Record<string, number> = {};
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const [, issuer, rest] = /^\/([^/]+)(\/.*)$/.exec(request.url ?? '') ?? [];
    if (rest !== '/.well-known/jwks.json') return response.writeHead(404).end();
    hits[issuer] = (hits[issuer] ?? 0) + 1;
    const send = (body: string, chunked = false) => {
      if (chunked) {
        response.writeHead(200, { 'content-type': 'application/json' });
        for (let i = 0; i < body.length; i += 10_000) response.write(body.slice(i, i + 10_000));
        response.end();
      } else {
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) }).end(body);
      }
    };
    switch (issuer) {
      case 'counted': return setTimeout(() => send(jwksOf(500)), 200);
      case 'slow': return setTimeout(() => send(jwksOf(500)), 3000);
      case 'at-limit': return send(jwksOf(JWKS_MAX_BYTES));
      case 'over-limit': return send(jwksOf(JWKS_MAX_BYTES + 1));
      case 'over-limit-chunked': return send(jwksOf(JWKS_MAX_BYTES + 1), true);
      default: return response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolveClose) => server.close(resolveClose));
});

test('200 concurrent requests with a cold cache: one JWKS fetch for the issuer', async () => {
  const cache = new JwksCache([]);
  const sets = await Promise.all(Array.from({ length: 200 }, () => cache.keysFor(`${base}/counted`, 'k1')));
  expect(hits.counted).toBe(1);
  expect(new Set(sets).size).toBe(1);
});

test('a JWKS endpoint that answers after 3 s: given up after 1,500 ms', async () => {
  const cache = new JwksCache([]);
  const started = Date.now();
  await expect(cache.keysFor(`${base}/slow`, 'k1')).rejects.toThrow(/no answer within 1500 ms/);
  const elapsed = Date.now() - started;
  expect(elapsed).toBeGreaterThanOrEqual(1450);
  expect(elapsed).toBeLessThan(2500);
});

test.each([
  ['at-limit', 'exactly 150,000 bytes', true],
  ['over-limit', '150,001 bytes (content-length)', false],
  ['over-limit-chunked', '150,001 bytes (chunked, no content-length)', false],
])('a JWKS of %s (%s): accepted = %s', async (issuer, _description, accepted) => {
  const keys = new JwksCache([]).keysFor(`${base}/${issuer}`, 'k1');
  if (accepted) await expect(keys).resolves.toMatchObject({ keys: [{ kid: 'k1' }] });
  else await expect(keys).rejects.toThrow(/at most 150000 bytes/);
});

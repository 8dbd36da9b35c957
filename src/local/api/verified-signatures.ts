/**
 * Tokens whose signature verified, per key: a signature check depends on nothing but the token's
 * text (its header, payload and signature, the algorithm among them) and the key, so a token that
 * verified once against a key verifies again — and checking the signature, an RSA operation, is the
 * authorizer's dearest step on every request of a signed-in client. Only the signature is
 * remembered: the claim checks (`iss`, `aud`, `exp`, `nbf`, `iat`, scopes) still run on every
 * request, with the clock of that request. A failed check is not remembered (a forged token pays it
 * each time, as it does in API Gateway). Bounded: at most {@link MAX_TOKENS_PER_KEY} tokens per key,
 * the oldest forgotten first.
 */
export const MAX_TOKENS_PER_KEY = 10_000;

const verified = new WeakMap<object, Set<string>>();

/** Runs `verify` (which throws when `token`'s signature is not `key`'s) unless `token` already verified against `key`. */
export async function verifyOnce(key: object, token: string, verify: () => Promise<unknown>): Promise<void> {
  let tokens = verified.get(key);
  if (tokens?.has(token)) return;
  await verify();
  if (!tokens) {
    tokens = new Set();
    verified.set(key, tokens);
  }
  if (tokens.size >= MAX_TOKENS_PER_KEY) tokens.delete(tokens.values().next().value!);
  tokens.add(token);
}

import { MAX_TOKENS_PER_KEY, verifyOnce } from '../../src/local/api/verified-signatures';

/**
 * The memory of verified signatures: it saves the check only for the same token text against the
 * same key, never remembers a failure, and forgets the oldest token past its bound.
 */

const counting = () => {
  const calls = { count: 0 };
  const verify = async () => {
    calls.count++;
  };
  return { calls, verify };
};

test('the same token against the same key: verified once', async () => {
  const key = {};
  const { calls, verify } = counting();
  await verifyOnce(key, 'a.b.c', verify);
  await verifyOnce(key, 'a.b.c', verify);
  expect(calls.count).toBe(1);
});

test('another token, or another key: verified again', async () => {
  const [key, other] = [{}, {}];
  const { calls, verify } = counting();
  await verifyOnce(key, 'a.b.c', verify);
  await verifyOnce(key, 'a.b.d', verify);
  await verifyOnce(other, 'a.b.c', verify);
  expect(calls.count).toBe(3);
});

test('a failed check is not remembered: it fails each time', async () => {
  const key = {};
  let calls = 0;
  const failing = async () => {
    calls++;
    throw new Error('signature verification failed');
  };
  await expect(verifyOnce(key, 'a.b.c', failing)).rejects.toThrow('signature verification failed');
  await expect(verifyOnce(key, 'a.b.c', failing)).rejects.toThrow('signature verification failed');
  expect(calls).toBe(2);
});

test(`at most ${MAX_TOKENS_PER_KEY} tokens per key: the oldest is forgotten first`, async () => {
  const key = {};
  const { calls, verify } = counting();
  for (let i = 0; i <= MAX_TOKENS_PER_KEY; i++) await verifyOnce(key, `t${i}`, verify);
  calls.count = 0;
  await verifyOnce(key, `t${MAX_TOKENS_PER_KEY}`, verify); // the newest: remembered
  await verifyOnce(key, 't1', verify); // remembered
  expect(calls.count).toBe(0);
  await verifyOnce(key, 't0', verify); // the oldest: forgotten
  expect(calls.count).toBe(1);
});

/**
 * Jest snapshot serializer: replaces asset hashes (64 hex characters) in strings, so snapshots
 * don't change when a bundled handler or the aws-cdk-lib build changes a hash.
 */
const ASSET_HASH = /[0-9a-f]{64}/g;

export function test(value: unknown): boolean {
  return typeof value === 'string' && ASSET_HASH.test(value.toString()) && (ASSET_HASH.lastIndex = 0) === 0;
}

export function serialize(value: string): string {
  return JSON.stringify(value.replace(ASSET_HASH, '[ASSET-HASH]'));
}

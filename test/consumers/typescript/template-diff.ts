// Compares two CloudFormation templates as parsed JSON, asset hashes (64 hex digits) scrubbed.
// The same algorithm and output format are used by the Python, Java and Go consumers.

const ASSET_HASH = /[0-9a-f]{64}/g;

export function scrub(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(ASSET_HASH, '<asset-hash>');
  if (Array.isArray(value)) return value.map(scrub);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v)]));
  }
  return value;
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

/** One line per difference: `<path>: expected <json>, got <json>` (or `only in expected/actual`). */
export function diffJson(expected: unknown, actual: unknown, path = '$', out: string[] = []): string[] {
  if (kind(expected) !== kind(actual)) {
    out.push(`${path}: expected ${show(expected)}, got ${show(actual)}`);
  } else if (Array.isArray(expected) && Array.isArray(actual)) {
    for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
      if (i >= actual.length) out.push(`${path}[${i}]: only in expected: ${show(expected[i])}`);
      else if (i >= expected.length) out.push(`${path}[${i}]: only in actual: ${show(actual[i])}`);
      else diffJson(expected[i], actual[i], `${path}[${i}]`, out);
    }
  } else if (kind(expected) === 'object') {
    const e = expected as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    for (const key of [...new Set([...Object.keys(e), ...Object.keys(a)])].sort()) {
      if (!(key in a)) out.push(`${path}.${key}: only in expected: ${show(e[key])}`);
      else if (!(key in e)) out.push(`${path}.${key}: only in actual: ${show(a[key])}`);
      else diffJson(e[key], a[key], `${path}.${key}`, out);
    }
  } else if (expected !== actual) {
    out.push(`${path}: expected ${show(expected)}, got ${show(actual)}`);
  }
  return out;
}

export function templateDiff(expected: unknown, actual: unknown): string[] {
  return diffJson(scrub(expected), scrub(actual));
}

export function formatDiff(language: string, lines: string[]): string {
  return `${language} template differs from the TypeScript example (${lines.length} difference(s)):\n  ${lines.join('\n  ')}`;
}

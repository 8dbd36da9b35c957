/**
 * Picks one API or pool by what a test knows of it: a construct id or path, a name, a logical or
 * physical id. Without a name, the only one; otherwise an error that lists the candidates.
 */

export interface Findable {
  /** How the candidate is listed in errors: `MyStack/Api`. */
  readonly label: string;
  /** Exact names it answers to (logical id, name, physical id). */
  readonly names: readonly string[];
  /** Its construct path (`MyStack/Api/HttpApi/Resource`): matches a prefix of whole segments, or one segment. */
  readonly path?: string;
}

function matches(candidate: Findable, name: string): boolean {
  if (candidate.names.includes(name)) return true;
  const path = candidate.path;
  if (!path) return false;
  return path === name || path.startsWith(`${name}/`) || path.split('/').includes(name);
}

export function findOne<T extends Findable>(kind: string, candidates: readonly T[], name: string | undefined, how: string): T {
  const list = () => candidates.map((candidate) => candidate.label).join(', ') || 'none';
  if (name === undefined) {
    if (candidates.length === 1) return candidates[0];
    throw new Error(`the app runs ${candidates.length} ${kind}s (${list()}): name one, ${how}`);
  }
  const found = candidates.filter((candidate) => matches(candidate, name));
  if (found.length === 1) return found[0];
  if (found.length === 0) throw new Error(`no ${kind} "${name}"; the app runs: ${list()}`);
  throw new Error(`${found.length} ${kind}s answer to "${name}" (${found.map((candidate) => candidate.label).join(', ')}): name one by its path, e.g. "${found[0].label}"`);
}

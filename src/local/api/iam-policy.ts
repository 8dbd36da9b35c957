/**
 * IAM identity-policy evaluation, as far as the runner needs it for `execute-api:Invoke` ("Policy
 * evaluation logic": an explicit Deny wins, else an Allow is needed; `*` and `?` match as IAM
 * matches them, actions case-insensitively). `Action`/`NotAction` and `Resource`/`NotResource` are
 * read; a statement with a `Condition` is not evaluated locally (it is skipped, and said so).
 */

export type PolicyDecision = 'allow' | 'explicitDeny' | 'implicitDeny';

export interface PolicyEvaluation {
  readonly decision: PolicyDecision;
  /** What was not evaluated (conditional statements). */
  readonly notes: readonly string[];
}

/** `*` any characters, `?` one character, everything else literally. */
export function iamPatternMatches(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern.split('').map((c) => c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^$()[\]{}|\\/]/g, '\\$&')).join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value);
}

const list = (value: unknown): string[] => [value ?? []].flat().filter((item): item is string => typeof item === 'string');

function statementsOf(document: unknown): any[] {
  const statement = (document as any)?.Statement;
  return Array.isArray(statement) ? statement : statement ? [statement] : [];
}

function applies(statement: any, action: string, resource: string): boolean {
  const actionMatches = 'NotAction' in statement
    ? !list(statement.NotAction).some((pattern) => iamPatternMatches(pattern, action, true))
    : list(statement.Action).some((pattern) => iamPatternMatches(pattern, action, true));
  const resourceMatches = 'NotResource' in statement
    ? !list(statement.NotResource).some((pattern) => iamPatternMatches(pattern, resource))
    : list(statement.Resource).some((pattern) => iamPatternMatches(pattern, resource));
  return actionMatches && resourceMatches;
}

/** The decision of `documents` (identity policies) for `action` on `resource`. */
export function evaluatePolicies(documents: readonly unknown[], action: string, resource: string): PolicyEvaluation {
  const notes: string[] = [];
  let allowed = false;
  for (const statement of documents.flatMap(statementsOf)) {
    if (!applies(statement, action, resource)) continue;
    if (statement.Condition) {
      notes.push(`a statement with a Condition (${Object.keys(statement.Condition).join(', ')}) is not evaluated locally`);
      continue;
    }
    if (statement.Effect === 'Deny') return { decision: 'explicitDeny', notes };
    if (statement.Effect === 'Allow') allowed = true;
  }
  return { decision: allowed ? 'allow' : 'implicitDeny', notes };
}

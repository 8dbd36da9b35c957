import * as fs from 'fs';
import { DeclaredRoute } from './declared-routes';
import { AnswerClass } from './expectations';

/** One call: a route, a caller, what the declared policy expects and what the API answered. */
export interface CheckResult {
  readonly stack: string;
  readonly api: string;
  readonly route: DeclaredRoute;
  readonly caller: string;
  readonly callerPhrase: string;
  /** Undefined: not checked (the declared kind needs a caller this tool cannot make). */
  readonly expected?: AnswerClass;
  readonly status: number;
  readonly actual: AnswerClass;
}

export const isMismatch = (result: CheckResult): boolean => result.expected !== undefined && result.expected !== result.actual;

const list = (items: readonly string[]) => (items.length ? items.join(', ') : 'none');

/** What the route declares, for messages: `signedIn`, `scopes (api/items.read)`, `groups (admin)`. */
export function describeDeclared(route: DeclaredRoute): string {
  const { kind, scopes, groups } = route.declared;
  if (kind === 'scopes') return `scopes (${scopes.join(', ')})`;
  if (kind === 'groups') return `groups (${groups.join(', ')})`;
  if (kind === 'iam') return `iam (execute-api:Invoke granted to ${list(route.iamGrantedTo ?? [])})`;
  return kind;
}

/** The likely cause of a mismatch, from the route's actual `AuthorizationType` and `AuthorizationScopes` in the template. */
export function likelyCause(result: CheckResult): string {
  const { route, expected, actual } = result;
  const type = route.authorizationType;
  const scopes = route.authorizationScopes;
  if (actual === 'reached' && type === 'NONE') {
    return 'its route\'s AuthorizationType is NONE in the template (an escape-hatch override?)';
  }
  if (route.declared.kind === 'iam') {
    return actual === 'reached'
      ? `its route's AuthorizationType is ${type} in the template, yet it let this caller through`
      : 'its route refused a role it should let through: does that role\'s policy in the template allow execute-api:Invoke on the route\'s ARN (API id, stage, method, path)?';
  }
  if (actual === 'reached' && expected === '403') {
    return scopes.length === 0
      ? `its route has no AuthorizationScopes in the template (removed by an override?), so any valid token of the pool's clients passes (AuthorizationType ${type})`
      : `its route's AuthorizationScopes in the template are ${list(scopes)}, which the token carries (declared: ${describeDeclared(route)})`;
  }
  if (actual === 'reached') {
    return `its route's AuthorizationType is ${type}, yet the authorizer accepted the token (the authorizer's issuer or audience changed?)`;
  }
  if (actual === '401') {
    return `the authorizer (AuthorizationType ${type}) refused the token: is the caller's app client in the authorizer's audience, and the issuer the pool's?`;
  }
  return `its route's AuthorizationScopes in the template are ${list(scopes)}, none of which the token carries (declared: ${describeDeclared(route)})`;
}

/** One line per mismatch: `GET /items answers 200 without a token but is declared signedIn: <cause>`. */
export function mismatchLine(result: CheckResult): string {
  return `${result.route.routeKey} answers ${result.status} ${result.callerPhrase} but is declared ${describeDeclared(result.route)}`
    + ` (expected ${result.expected}): ${likelyCause(result)}`;
}

/** The table: a row per route, a column per caller, each cell `expected/actual` (`!` marks a mismatch, `-` not checked). */
export function formatTable(results: readonly CheckResult[]): string {
  const callers = [...new Set(results.map((result) => result.caller))];
  const rows = new Map<string, Map<string, CheckResult>>();
  for (const result of results) {
    const key = `${result.stack} ${result.api} ${result.route.routeKey}`;
    if (!rows.has(key)) rows.set(key, new Map());
    rows.get(key)!.set(result.caller, result);
  }
  const cell = (result?: CheckResult) => {
    if (!result) return '';
    if (result.expected === undefined) return `-/${result.actual}`;
    return `${result.expected}/${result.actual}${isMismatch(result) ? ' !' : ''}`;
  };
  const header = ['route (expected/actual)', ...callers];
  const lines = [...rows].map(([key, byCaller]) => [key, ...callers.map((caller) => cell(byCaller.get(caller)))]);
  const widths = header.map((title, index) => Math.max(title.length, ...lines.map((line) => line[index].length)));
  const format = (line: string[]) => line.map((text, index) => text.padEnd(widths[index])).join('  ').trimEnd();
  return [format(header), ...lines.map(format)].join('\n');
}

/** The results as JSON, for other tools. */
export function jsonReport(results: readonly CheckResult[], skipped: readonly string[]): string {
  return JSON.stringify({
    ok: !results.some(isMismatch),
    skipped,
    results: results.map((result) => ({
      stack: result.stack,
      api: result.api,
      route: result.route.routeKey,
      declared: result.route.declared,
      template: { authorizationType: result.route.authorizationType, authorizationScopes: result.route.authorizationScopes },
      caller: result.caller,
      expected: result.expected ?? null,
      actual: result.actual,
      status: result.status,
      ...(isMismatch(result) ? { mismatch: mismatchLine(result) } : {}),
    })),
  }, null, 2);
}

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The results as JUnit XML: a test suite per API, a test case per route and caller. */
export function junitReport(results: readonly CheckResult[]): string {
  const suites = new Map<string, CheckResult[]>();
  for (const result of results) {
    const name = `${result.stack} ${result.api}`;
    suites.set(name, [...(suites.get(name) ?? []), result]);
  }
  const body = [...suites].map(([name, cases]) => {
    const failures = cases.filter(isMismatch).length;
    const skipped = cases.filter((result) => result.expected === undefined).length;
    const testcases = cases.map((result) => {
      const open = `    <testcase classname="${xml(name)}" name="${xml(`${result.route.routeKey} ${result.caller}`)}">`;
      if (isMismatch(result)) return `${open}<failure message="${xml(mismatchLine(result))}"/></testcase>`;
      if (result.expected === undefined) return `${open}<skipped message="not checked: declared ${xml(result.route.declared.kind)}"/></testcase>`;
      return `${open}</testcase>`;
    });
    return [`  <testsuite name="${xml(name)}" tests="${cases.length}" failures="${failures}" skipped="${skipped}">`, ...testcases, '  </testsuite>'].join('\n');
  });
  return ['<?xml version="1.0" encoding="UTF-8"?>', '<testsuites name="check-access">', ...body, '</testsuites>', ''].join('\n');
}

/** A run's outcome: every call, the mismatches' lines, what was skipped, and the table. */
export interface CheckAccessReport {
  readonly results: CheckResult[];
  readonly mismatches: string[];
  readonly skipped: string[];
  readonly table: string;
  readonly ok: boolean;
}

/** The report of a run; writes the JSON and JUnit files asked for. */
export function buildReport(
  results: CheckResult[], skipped: string[], files: { readonly jsonFile?: string; readonly junitFile?: string },
): CheckAccessReport {
  if (files.jsonFile) fs.writeFileSync(files.jsonFile, jsonReport(results, skipped));
  if (files.junitFile) fs.writeFileSync(files.junitFile, junitReport(results));
  return {
    results,
    mismatches: results.filter(isMismatch).map(mismatchLine),
    skipped,
    table: formatTable(results),
    ok: !results.some(isMismatch),
  };
}

/** What the command prints: the table, what was skipped, each mismatch and the verdict. */
export function reportLines(report: CheckAccessReport): string[] {
  return [
    report.table,
    ...report.skipped.map((line) => `skipped: ${line}`),
    ...report.results.length === 0 ? ['No route carries declared access (Metadata "cdk-cognito-protected-http-api:access"): nothing to check.'] : [],
    ...report.results.filter(isMismatch).map((result) => `MISMATCH ${result.stack} ${result.api}: ${mismatchLine(result)}`),
    report.ok
      ? `OK: ${report.results.length} calls answered as declared.`
      : `${report.mismatches.length} of ${report.results.length} calls did not answer as declared.`,
  ];
}

// @ts-check
/**
 * After `stryker run`: the mutation score of each mutated file (killed + timed out, over every
 * mutant that is neither an error nor listed as equivalent in stryker.config.mjs), the surviving
 * mutants, and a failure when a file scores below the threshold or when the equivalent list is stale.
 *
 *   node test/mutation/check-scores.mjs [report.json]
 */
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';

const THRESHOLD = 90;
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const reportFile = process.argv[2] ?? path.join(root, 'test-reports', 'mutation', 'mutation.json');
const { equivalentMutants } = await import(pathToFileURL(path.join(root, 'stryker.config.mjs')).href);
/** @type {{ files: Record<string, { source: string; mutants: Array<any> }> }} */
const report = JSON.parse(fs.readFileSync(reportFile, 'utf-8'));

/** The source text a mutant replaces (locations are 1-based lines, 0-based columns... of the report). */
function originalText(source, { start, end }) {
  const lines = source.split('\n');
  if (start.line === end.line) return lines[start.line - 1].slice(start.column - 1, end.column - 1);
  return [lines[start.line - 1].slice(start.column - 1), ...lines.slice(start.line, end.line - 1), lines[end.line - 1].slice(0, end.column - 1)].join('\n');
}

const KILLED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);
const used = new Set();
const failures = [];
const rows = [];

for (const [file, { source, mutants }] of Object.entries(report.files).sort()) {
  const relative = path.relative(root, path.resolve(root, file));
  let killed = 0;
  let undetected = 0;
  let equivalent = 0;
  for (const mutant of mutants) {
    const original = originalText(source, mutant.location);
    const line = source.split('\n')[mutant.location.start.line - 1];
    const listed = equivalentMutants.findIndex((e) => e.file === relative && e.mutator === mutant.mutatorName
      && e.original === original && e.replacement === mutant.replacement && (e.line === undefined || line.includes(e.line)));
    if (listed >= 0) {
      used.add(listed);
      if (!UNDETECTED.has(mutant.status)) {
        failures.push(`${relative}: the mutant listed as equivalent (${mutant.mutatorName} ${JSON.stringify(original)} → ${JSON.stringify(mutant.replacement)}) is ${mutant.status}: remove it from equivalentMutants.`);
      }
      equivalent++;
      continue;
    }
    if (KILLED.has(mutant.status)) killed++;
    if (UNDETECTED.has(mutant.status)) {
      undetected++;
      console.log(`[${mutant.status}] ${relative}:${mutant.location.start.line}:${mutant.location.start.column} ${mutant.mutatorName}: ${JSON.stringify(original)} → ${JSON.stringify(mutant.replacement)}`);
    }
  }
  const score = killed + undetected === 0 ? 100 : (100 * killed) / (killed + undetected);
  rows.push({ file: relative, score: Number(score.toFixed(2)), killed, survived: undetected, equivalent });
  if (score < THRESHOLD) failures.push(`${relative}: mutation score ${score.toFixed(2)}% is below ${THRESHOLD}%: add tests that state the behaviour the survivors above change.`);
}

// Only files in this report can be checked (a run with --mutate covers a subset).
const reported = new Set(rows.map((row) => row.file));
equivalentMutants.forEach((e, i) => {
  if (reported.has(e.file) && !used.has(i)) failures.push(`${e.file}: no mutant matches the equivalent ${e.mutator} ${JSON.stringify(e.original)} → ${JSON.stringify(e.replacement)}: update or remove it.`);
});

console.table(rows);
if (failures.length > 0) {
  console.error(failures.join('\n'));
  process.exit(1);
}

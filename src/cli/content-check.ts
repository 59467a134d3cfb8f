/** `npm run content:check [path]`: lists every problem as file:line and exits 1 on any error. */
import { formatProblem, loadPacks } from '../content/folder.ts';

const target = process.argv[2] ?? process.env.STEPWISE_CONTENT ?? 'content';
const { packs, problems } = loadPacks(target);
for (const p of problems) console.log(formatProblem(p));
const errors = problems.filter((p) => p.severity === 'error').length;
const warnings = problems.length - errors;
const questions = packs.reduce((n, p) => n + p.questions.length, 0);
console.log(
  `${packs.length} pack(s) OK with ${questions} question(s); ${errors} error(s), ${warnings} warning(s) in ${target}` +
    (errors ? '. Packs with errors are refused by the bot until fixed.' : '.'),
);
process.exitCode = errors ? 1 : 0;

/**
 * `npm run db:copy -- --from ./data/stepwise.db --to postgres://user@host/db` (or the other way):
 * moves a whole history into an empty database. Progress goes to stderr, a count per table to stdout.
 * A schema other than the default: add `?options=-c%20search_path%3Dname` to the URL.
 */
import { StepwiseError } from '../core/errors.ts';
import { copyHistory } from '../store/postgres/copy.ts';

const USAGE = 'Usage: npm run db:copy -- --from <sqlite file | postgres://…> --to <postgres://… | sqlite file>';

function arg(name: string): string | undefined {
  const argv = process.argv.slice(2);
  const i = argv.indexOf(`--${name}`);
  if (i >= 0) return argv[i + 1];
  return argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

const from = arg('from');
const to = arg('to');
if (!from || !to || from === to) {
  console.error(from && from === to ? 'The source and the target are the same. ' + USAGE : USAGE);
  process.exit(2);
}

const started = Date.now();
let last = 0;
try {
  const counts = await copyHistory(from, to, (line) => {
    if (Date.now() - last < 500) return;
    last = Date.now();
    process.stderr.write(`  ${line}\n`);
  });
  for (const c of counts) console.log(`${c.table.padEnd(16)} ${c.rows.toLocaleString('en')}`);
  const total = counts.reduce((n, c) => n + c.rows, 0);
  console.log(`Copied ${total.toLocaleString('en')} rows in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
} catch (err) {
  // Known problems are one clear line; anything else still gets one line, never a stack trace.
  console.error(err instanceof StepwiseError ? err.message : `db:copy failed: ${(err as Error).message}`);
  process.exitCode = 1;
}

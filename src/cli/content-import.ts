/** `npm run content:import -- --from aiken|gift|opentdb <file> --pack <id>`: writes a pack from a question bank. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { StepwiseError, UsageError } from '../core/errors.ts';
import { decodeContent } from '../content/decode.ts';
import { MAX_PACK_BYTES, formatProblem, loadPacks } from '../content/folder.ts';
import { USAGE, outputPath, parseImportArgs, type ImportArgs } from '../content/import/args.ts';
import { ImportError } from '../content/import/errors.ts';
import { createProgress } from '../content/import/progress.ts';
import { importBank } from '../content/import/run.ts';
import { packToMarkdown } from '../content/import/to-markdown.ts';

/** Warnings listed before "… and N more"; errors are always all listed. */
const SHOWN_WARNINGS = 20;

const out = (line: string) => process.stdout.write(`${line}\n`);

function readBank(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : (code ?? 'unknown error');
    throw new ImportError(`cannot read ${file}: ${why}`);
  }
  const decoded = decodeContent(bytes);
  if ('badLine' in decoded) throw new ImportError(`${file}: line ${decoded.badLine} is not valid UTF-8; save the file as UTF-8`);
  return decoded.text;
}

function write(path: string, text: string, force: boolean): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text, { flag: force ? 'w' : 'wx' });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ImportError(code === 'EEXIST' ? `${path} already exists; pass --force to overwrite it` : `cannot write ${path} (${code ?? (e as Error).message})`);
  }
}

function runImport(args: ImportArgs): number {
  const text = readBank(args.file);
  const path = outputPath(args.out, args.pack, args.force);
  const progress = args.progress || process.stderr.isTTY
    ? (total: number) => createProgress({ total, write: (l) => process.stderr.write(l), now: () => performance.now() })
    : undefined;
  let result;
  try {
    result = importBank(args.from, text, { difficulty: args.difficulty, keepOrder: args.keepOrder }, progress);
  } catch (e) {
    throw e instanceof ImportError ? new ImportError(`${args.file}: ${e.message}`) : e;
  }
  if (result.skipped.length) {
    out(`Skipped ${result.skipped.length} question(s):`);
    for (const s of result.skipped) out(`  ${s.where} (question ${s.n}): ${s.reason}`);
  }
  if (!result.drafts.length) {
    throw new ImportError(result.total ? `nothing to import: all ${result.total} question(s) in ${args.file} were skipped` : `no questions found in ${args.file}`);
  }
  const source = basename(args.file);
  const header = { id: args.pack, title: args.title ?? `Imported from ${source}`, source, ...(result.topic ? { topic: result.topic } : {}) };
  const pack = packToMarkdown(header, result.drafts, result.total);
  const bytes = Buffer.byteLength(pack);
  if (bytes > MAX_PACK_BYTES) {
    const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;
    throw new ImportError(`the pack would be ${mib(bytes)} and a pack file may be at most ${mib(MAX_PACK_BYTES)}: split ${args.file} and import it in parts`);
  }
  write(path, pack, args.force);

  const { problems } = loadPacks(path);
  const errors = problems.filter((p) => p.severity === 'error');
  const warnings = problems.filter((p) => p.severity === 'warning');
  for (const p of [...errors, ...warnings.slice(0, SHOWN_WARNINGS)]) out(formatProblem(p));
  if (warnings.length > SHOWN_WARNINGS) out(`… and ${warnings.length - SHOWN_WARNINGS} more warning(s); npm run content:check ${path} lists them all.`);
  out(
    `Wrote ${path}: ${result.drafts.length} question(s) imported, ${result.skipped.length} skipped, from ${args.file}. ` +
      `Check: ${errors.length} error(s), ${warnings.length} warning(s)` +
      (errors.length ? ' — the pack is refused until fixed (please report this as an importer bug).' : ' (TODO placeholders for you to fill in).'),
  );
  return errors.length ? 1 : 0;
}

/** Runs the command; returns the exit code (0 written, 1 cannot import, 2 bad flags). */
function main(argv: string[]): number {
  try {
    const args = parseImportArgs(argv);
    if (args === 'help') {
      out(USAGE);
      return 0;
    }
    return runImport(args);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`content:import: ${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    const message = e instanceof StepwiseError ? e.message : `unexpected error: ${(e as Error).message}`;
    process.stderr.write(`content:import: ${message}\n`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));

/** The content:import command line: flags, usage, and where the pack is written. */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../../core/errors.ts';
import { DIFFICULTIES, type Difficulty } from '../../core/types.ts';
import { ImportError } from './errors.ts';
import { oneLine } from './escape.ts';
import { FORMAT_NAMES, type FormatName } from './run.ts';
import { PACK_ID } from '../parse-pack.ts';

/** Shown with every flag error and for --help. */
export const USAGE = `Usage: npm run content:import -- --from aiken|gift|opentdb <file> --pack <id> [options]

  --from <format>      the bank's format: aiken, gift (Moodle GIFT) or opentdb (Open Trivia DB JSON)
  --pack <id>          the new pack's id: lowercase letters, digits and "-"
  --out <path>         a .md file, or a folder to write <id>.md into (default: content/<id>.md)
  --title <title>      the pack's title (default: "Imported from <file name>")
  --difficulty <level> easy, medium or hard for every Aiken/GIFT question, and for OpenTDB
                       entries without one (default: medium)
  --keep-order         keep GIFT/OpenTDB options in file order (default: a shuffle seeded by the question)
  --force              overwrite the output file if it exists
  --progress           print progress to stderr (on by default when stderr is a terminal)`;

/** The same rule as the pack parser's `id:` check. */
export { PACK_ID };

/** A valid command line. */
export interface ImportArgs {
  from: FormatName;
  file: string;
  pack: string;
  out?: string;
  title?: string;
  difficulty: Difficulty;
  keepOrder: boolean;
  force: boolean;
  progress: boolean;
}

/** Parses argv (without node and the script); 'help' for --help; throws UsageError on a bad flag. */
export function parseImportArgs(argv: string[]): ImportArgs | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        from: { type: 'string' },
        pack: { type: 'string' },
        out: { type: 'string' },
        title: { type: 'string' },
        difficulty: { type: 'string' },
        'keep-order': { type: 'boolean', default: false },
        force: { type: 'boolean', default: false },
        progress: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values: v, positionals } = parsed;
  if (v.help) return 'help';
  if (!v.from) throw new UsageError('missing --from aiken|gift|opentdb');
  if (!(FORMAT_NAMES as readonly string[]).includes(v.from)) throw new UsageError(`unknown format "${v.from}" for --from (use aiken, gift or opentdb)`);
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `one bank file, got ${positionals.length}: ${positionals.join(' ')}` : 'missing the bank file to import');
  if (!v.pack) throw new UsageError('missing --pack <id>');
  if (!PACK_ID.test(v.pack)) throw new UsageError(`pack id "${v.pack}" must be lowercase letters, digits and "-" (at most 64, not starting with "-")`);
  const difficulty = (v.difficulty ?? 'medium').toLowerCase();
  if (!(DIFFICULTIES as readonly string[]).includes(difficulty)) throw new UsageError(`unknown difficulty "${v.difficulty}" (use easy, medium or hard)`);
  if (v.out !== undefined && !v.out.trim()) throw new UsageError('--out is empty');
  if (v.title !== undefined && !oneLine(v.title)) throw new UsageError('--title is empty');
  return {
    from: v.from as FormatName,
    file: positionals[0]!,
    pack: v.pack,
    ...(v.out !== undefined ? { out: v.out } : {}),
    ...(v.title !== undefined ? { title: oneLine(v.title) } : {}),
    difficulty: difficulty as Difficulty,
    keepOrder: v['keep-order'],
    force: v.force,
    progress: v.progress,
  };
}

/** The file to write: `--out` if it ends in .md, else `<folder>/<id>.md`; refuses an existing file without --force. */
export function outputPath(out: string | undefined, pack: string, force: boolean): string {
  const target = out ?? 'content';
  const path = /\.md$/i.test(target) ? target : join(target, `${pack}.md`);
  if (path !== target && statSync(target, { throwIfNoEntry: false })?.isFile()) {
    throw new ImportError(`--out ${target} is a file that does not end in .md; give a .md file or a folder`);
  }
  const existing = statSync(path, { throwIfNoEntry: false });
  if (existing?.isDirectory()) throw new ImportError(`${path} is a folder; give a .md file path or the folder itself`);
  if (existing && !force) throw new ImportError(`${path} already exists; pass --force to overwrite it`);
  return path;
}

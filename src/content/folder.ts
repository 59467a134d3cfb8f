/** Reads every pack under a folder (or one file) and implements the core's ContentSource. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ContentProblem, ContentSource } from '../core/ports.ts';
import type { Pack } from '../core/types.ts';
import { decodeContent } from './decode.ts';
import { parsePack, type ParsedPack } from './parse-pack.ts';

/** Pack files under `root`, sorted; README.md files document the format and are skipped. */
export function packFiles(root: string): string[] {
  const stat = statSync(root, { throwIfNoEntry: false });
  if (!stat) return [];
  if (stat.isFile()) return [root];
  const files: string[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const path = join(root, entry.name);
    if (entry.isDirectory() && !entry.name.startsWith('.')) files.push(...packFiles(path));
    else if (entry.isFile() && entry.name.endsWith('.md') && entry.name.toLowerCase() !== 'readme.md') files.push(path);
  }
  return files.sort();
}

/** Parses every file and checks ids across packs; any error refuses that file's pack only. */
export function loadPacks(root: string): { packs: Pack[]; problems: ContentProblem[] } {
  const problems: ContentProblem[] = [];
  const files = packFiles(root);
  if (files.length === 0) {
    problems.push({ file: root, line: 0, message: 'no pack files (*.md) found here', severity: 'error' });
  }
  const packs: Pack[] = [];
  const packIds = new Map<string, string>();
  const questionIds = new Map<string, string>();
  for (const path of files) {
    const file = relative(process.cwd(), path) || path;
    const decoded = decodeContent(readFileSync(path));
    if ('badLine' in decoded) {
      problems.push({ file, line: decoded.badLine, message: 'this line is not valid UTF-8; save the file as UTF-8', severity: 'error' });
      continue;
    }
    const parsed: ParsedPack = parsePack(decoded.text, file);
    const mine = parsed.findings.map((f) => ({ file, ...f }));
    const id = parsed.pack?.id;
    if (id && packIds.has(id)) {
      mine.push({ file, line: parsed.idLine, message: `duplicate pack id "${id}" (also in ${packIds.get(id)})`, severity: 'error' });
    }
    for (const [qid, line] of parsed.questionLines) {
      if (questionIds.has(qid)) {
        mine.push({ file, line, message: `duplicate question id "${qid}" (also in ${questionIds.get(qid)})`, severity: 'error' });
      }
    }
    problems.push(...mine);
    if (!parsed.pack || mine.some((p) => p.severity === 'error')) continue;
    packIds.set(parsed.pack.id, `${file}:${parsed.idLine}`);
    for (const [qid, line] of parsed.questionLines) questionIds.set(qid, `${file}:${line}`);
    packs.push(parsed.pack);
  }
  return { packs, problems };
}

/** A ContentSource over a folder, re-read on every load (that is what /quiz reload does). */
export function createFolderSource(root: string): ContentSource {
  return { load: () => loadPacks(root) };
}

/** `file:line: severity: reason`, the format content:check and the start-up log share. */
export function formatProblem(p: ContentProblem): string {
  return `${p.file}:${p.line}: ${p.severity}: ${p.message}`;
}

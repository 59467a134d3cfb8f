/** Reads every pack under a folder (or one file) and implements the core's ContentSource. */
import type { ContentLoad, ContentProblem, ContentSource } from '../core/ports.ts';
import type { Pack } from '../core/types.ts';
import { stripControl } from '../core/text.ts';
import { decodeContent } from './decode.ts';
import { parsePackSteps, type ParsedPack } from './parse-pack.ts';
import { PAUSE, SLICE_MS, readStep, runAsync, runSync, type Steps } from './steps.ts';
import { qualityWarnings, type PackPlace } from './quality.ts';
import { parseStored, readUpload } from './upload.ts';
import { packHeadMarkdown, questionMarkdown } from './write-question.ts';
import { describeError, findPackFiles, shownPath } from './walk.ts';

/**
 * The largest pack file read. A written 40-question pack is about 100 KB and an imported bank of
 * 2,500 questions about 1.1 MB; parsing 4 MiB takes well under a second, in small slices on reload.
 */
export const MAX_PACK_BYTES = 4 * 1024 * 1024;

const size = (bytes: number) => (bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GiB` : `${(bytes / 2 ** 20).toFixed(1)} MiB`);

/** The line (1-based) holding character `index` of `text`. */
function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line += 1;
  return line;
}

/** The first index where `a` and `b` differ (where stripControl removed its first character). */
function firstDifference(a: string, b: string): number {
  let i = 0;
  while (i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i += 1;
  return i;
}

/** Reads, decodes, cleans and parses one file; problems go to `problems`. */
function* readPack(path: string, file: string, problems: ContentProblem[]): Steps<ParsedPack | undefined> {
  const error = (line: number, message: string) => problems.push({ file, line, message, severity: 'error' });
  const read = yield* readStep(path, MAX_PACK_BYTES);
  if ('error' in read) return void error(0, `this file ${describeError(read.error)}`);
  if ('tooBig' in read) {
    return void error(0, `the file is ${size(read.tooBig)}; a pack file may be at most ${size(MAX_PACK_BYTES)}. Split it into several packs`);
  }
  const decoded = decodeContent(read.bytes);
  if ('badLine' in decoded) return void error(decoded.badLine, 'this line is not valid UTF-8; save the file as UTF-8');
  yield PAUSE;
  // Terminal escapes and bidi overrides in a pack would reach every chat; they are removed, and said so.
  const text = stripControl(decoded.text);
  if (text.length !== decoded.text.length) {
    const control = firstDifference(decoded.text, text);
    problems.push({ file, line: lineAt(decoded.text, control), message: 'control characters (such as terminal escape codes) removed from this file, first on this line', severity: 'warning' });
  }
  yield PAUSE;
  return yield* parsePackSteps(text, file);
}

/** Parses every file and checks ids across packs; any error refuses that file's pack only. Exported for bench/reload.ts. */
export function* loadSteps(root: string): Steps<ContentLoad> {
  const found = yield* findPackFiles(root);
  const problems: ContentProblem[] = [...found.problems];
  if (found.files.length === 0 && problems.length === 0) {
    problems.push({ file: shownPath(root), line: 0, message: 'no pack files (*.md) found here', severity: 'error' });
  }
  const packs: Pack[] = [];
  const places: PackPlace[] = [];
  const packIds = new Map<string, string>();
  const questionIds = new Map<string, string>();
  for (const path of found.files) {
    const file = shownPath(path);
    const parsed = yield* readPack(path, file, problems);
    if (!parsed) continue;
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
    // One at a time: spreading a file's findings into push() overflowed the stack past ~125,000.
    for (const p of mine) problems.push(p);
    yield PAUSE;
    if (!parsed.pack || mine.some((p) => p.severity === 'error')) continue;
    packIds.set(parsed.pack.id, `${file}:${parsed.idLine}`);
    for (const [qid, line] of parsed.questionLines) questionIds.set(qid, `${file}:${line}`);
    packs.push(parsed.pack);
    places.push({ pack: parsed.pack, file, idLine: parsed.idLine, questionLines: parsed.questionLines });
  }
  // Across packs too: a near-duplicate in another pack is a near-duplicate all the same.
  for (const w of qualityWarnings(places)) problems.push({ ...w, severity: 'warning' });
  return { packs, problems };
}

/** Loads every pack under `root` with synchronous reads (start-up, content:check). */
export function loadPacks(root: string): ContentLoad {
  return runSync(loadSteps(root));
}

/** The same load, with asynchronous reads, giving the event loop a turn after each `sliceMs` of work. */
export function loadPacksAsync(root: string, sliceMs = SLICE_MS): Promise<ContentLoad> {
  return runAsync(loadSteps(root), sliceMs);
}

/** A ContentSource over a folder, re-read on every load (that is what /quiz reload does). */
export function createFolderSource(root: string): ContentSource {
  return { load: () => loadPacks(root), loadAsync: () => loadPacksAsync(root), readUpload, parseStored, questionMarkdown, packHeadMarkdown };
}

/** `file:line: severity: reason`, the format content:check and the start-up log share. */
export function formatProblem(p: ContentProblem): string {
  return `${p.file}:${p.line}: ${p.severity}: ${p.message}`;
}

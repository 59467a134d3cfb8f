/** Reads a pack file uploaded from chat: Markdown, or an Aiken, GIFT or Open Trivia DB bank converted to Markdown. */
import type { ContentProblem, UploadFile, UploadRead } from '../core/ports.ts';
import type { Pack } from '../core/types.ts';
import { stripControl } from '../core/text.ts';
import { decodeContent } from './decode.ts';
import { ImportError } from './import/errors.ts';
import { FORMAT_NAMES, importBank, type FormatName } from './import/run.ts';
import { packToMarkdown } from './import/to-markdown.ts';
import { PACK_ID, parsePackSteps } from './parse-pack.ts';
import { qualityWarnings } from './quality.ts';
import { runAsync } from './steps.ts';

/** The formats a chat upload may be in. */
export const UPLOAD_FORMATS = ['markdown', ...FORMAT_NAMES] as const;

/** The format a file name suggests: `.gift`, `.json` (Open Trivia DB), `.txt` (Aiken), else Markdown. */
export function formatOf(name: string): (typeof UPLOAD_FORMATS)[number] {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (ext === 'gift') return 'gift';
  if (ext === 'json') return 'opentdb';
  if (ext === 'txt') return 'aiken';
  return 'markdown';
}

/** A pack id from a file name: `Security Rules.gift` -> `security-rules`. */
export function idFromName(name: string): string {
  return name
    .replace(/\.[^.]*$/, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
}

const refused = (format: string, file: string, message: string, line = 0): UploadRead => ({
  format,
  problems: [{ file, line, message, severity: 'error' }],
  questionLines: new Map(),
  idLine: 0,
});

/** Parses Markdown with the content checker; problems are in `file`'s lines. */
async function check(markdown: string, file: string, format: string, extra: ContentProblem[]): Promise<UploadRead> {
  const text = stripControl(markdown);
  const problems: ContentProblem[] = [...extra];
  if (text.length !== markdown.length) {
    problems.push({ file, line: 0, message: 'control characters (such as terminal escape codes) were removed', severity: 'warning' });
  }
  const parsed = await runAsync(parsePackSteps(text, file));
  for (const f of parsed.findings) problems.push({ file, ...f });
  const ok = parsed.pack && !problems.some((p) => p.severity === 'error');
  if (ok) {
    const place = { pack: parsed.pack!, file, idLine: parsed.idLine, questionLines: parsed.questionLines };
    for (const w of qualityWarnings([place])) problems.push({ ...w, severity: 'warning' });
  }
  problems.sort((a, b) => a.line - b.line);
  return { format, problems, questionLines: parsed.questionLines, idLine: parsed.idLine, ...(ok ? { pack: parsed.pack!, markdown: text } : {}) };
}

/** Reads one uploaded file: decodes it, converts a bank, and runs the content checker. */
export async function readUpload(upload: UploadFile): Promise<UploadRead> {
  const format = upload.format ?? formatOf(upload.name);
  const file = upload.name;
  if (!(UPLOAD_FORMATS as readonly string[]).includes(format)) return refused(format, file, `unknown format "${format}"; use one of ${UPLOAD_FORMATS.join(', ')}`);
  const decoded = decodeContent(upload.bytes);
  if ('badLine' in decoded) return refused(format, file, 'this line is not valid UTF-8; save the file as UTF-8', decoded.badLine);
  if (format === 'markdown') return check(decoded.text, file, format, []);

  const id = upload.packId ?? idFromName(file);
  if (!PACK_ID.test(id)) return refused(format, file, `"${id.slice(0, 70)}" cannot be a pack id (lowercase letters, digits and -); give one with the id option`);
  let result;
  try {
    result = importBank(format as FormatName, decoded.text, { difficulty: 'medium', keepOrder: false });
  } catch (e) {
    if (e instanceof ImportError) return refused(format, file, e.message);
    throw e;
  }
  // A question the importer cannot take is skipped and said so; the others are stored.
  const skips: ContentProblem[] = result.skipped.map((s) => {
    const line = /^line (\d+)$/.exec(s.where);
    return { file, line: line ? Number(line[1]) : 0, message: `${line ? '' : `${s.where}: `}skipped: ${s.reason}`, severity: 'warning' };
  });
  if (!result.drafts.length) {
    return refused(format, file, result.total ? `nothing to import: all ${result.total} question(s) were skipped (first: ${result.skipped[0]?.where}: ${result.skipped[0]?.reason})` : `no ${format} questions found in this file`);
  }
  const header = { id, title: `Imported from ${file}`, source: file, ...(result.topic ? { topic: result.topic } : {}) };
  const markdown = packToMarkdown(header, result.drafts, result.total);
  // Findings in the converted Markdown have no line in the uploaded file: they keep the message only.
  const read = await check(markdown, file, format, []);
  const problems = [...skips, ...read.problems.map((p) => ({ ...p, line: 0 }))];
  return { ...read, problems };
}

/** Parses a stored workspace pack; undefined when it has errors now. */
export async function parseStored(markdown: string, source: string): Promise<Pack | undefined> {
  const parsed = await runAsync(parsePackSteps(markdown, source));
  return parsed.findings.some((f) => f.severity === 'error') ? undefined : parsed.pack;
}

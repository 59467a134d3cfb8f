/** Parses one pack file (Markdown with a little structure; see content/README.md). */
import type { LessonSection, Pack, Question } from '../core/types.ts';
import { LESSON_SECTIONS, REQUIRED_LESSON_SECTIONS, lessonSectionTitle } from './lesson.ts';
import { checkLessonSection, checkTakeaways, checkTitle } from './limits.ts';
import { isFence, joinText, listItems, type Line } from './lines.ts';
import { TODO_MARK, parseQuestion, type Finding } from './parse-question.ts';
import { PAUSE, runSync, type Steps } from './steps.ts';

/** A parsed pack (undefined when it has errors) with every finding, plus where ids were declared. */
export interface ParsedPack {
  pack?: Pack;
  findings: Finding[];
  idLine: number;
  questionLines: Map<string, number>;
}

interface Block {
  heading: Line;
  lines: Line[];
}

/** What a pack id may look like: it appears in commands and the database. */
export const PACK_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * Errors kept per file. A broken file can have one per line (500,000 in a few MB); past this many the
 * parser stops, so the work, the log and the chat reply stay small. Warnings are not counted: an
 * imported bank of thousands of questions has several TODO warnings each, legitimately.
 */
export const MAX_ERRORS = 1000;
/** Lines between pauses while a file is split into blocks. */
const LINES_PER_PAUSE = 2000;

/** Parses `text` (already decoded, BOM stripped, LF line ends). `source` names the file in the pack. */
export function parsePack(text: string, source: string): ParsedPack {
  return runSync(parsePackSteps(text, source));
}

/** parsePack as steps that pause between blocks, so a large file can be parsed without blocking a running bot. */
export function* parsePackSteps(text: string, source: string): Steps<ParsedPack> {
  const out: Finding[] = [];
  const err = (line: number, message: string) => out.push({ line, message, severity: 'error' });
  const lines: Line[] = text.split('\n').map((t, i) => ({ n: i + 1, text: t }));
  // Errors among out[0..scanned), counted as findings arrive (a full count per block would be quadratic).
  let scanned = 0;
  let errors = 0;
  const tooMany = () => {
    for (; scanned < out.length; scanned++) if (out[scanned]!.severity === 'error') errors += 1;
    return errors > MAX_ERRORS;
  };
  const stopped = (at: number): ParsedPack => {
    const kept: Finding[] = [];
    let n = 0;
    for (const f of out.sort((a, b) => a.line - b.line)) {
      if (f.severity === 'error' && ++n > MAX_ERRORS) break;
      kept.push(f);
    }
    kept.push({ line: at, message: `more than ${MAX_ERRORS} errors; stopped reading at this line. Fix the first ones and check again`, severity: 'error' });
    return { findings: kept, idLine: 1, questionLines: new Map() };
  };
  yield PAUSE;

  // Split at `# ` and `## ` headings outside code fences.
  let title: { n: number; text: string } | undefined;
  const header: Line[] = [];
  const blocks: Block[] = [];
  let fenced = false;
  for (const l of lines) {
    if (l.n % LINES_PER_PAUSE === 0) {
      if (tooMany()) return stopped(l.n);
      yield PAUSE;
    }
    if (isFence(l.text)) fenced = !fenced;
    if (!fenced && /^#\s/.test(l.text)) {
      const m = /^#\s+Pack\s*:\s*(.+)$/i.exec(l.text.trim());
      if (title || !m) err(l.n, title ? 'a second "# " heading; a file holds one pack' : 'the title reads "# Pack: <title>"');
      else title = { n: l.n, text: m[1]!.trim() };
      continue;
    }
    if (!fenced && /^##\s/.test(l.text)) {
      blocks.push({ heading: l, lines: [] });
      continue;
    }
    const last = blocks[blocks.length - 1];
    if (last) last.lines.push(l);
    else if (title) header.push(l);
    else if (l.text.trim()) err(l.n, 'text before the "# Pack: <title>" line');
  }
  if (!title) err(1, 'missing the title line "# Pack: <title>"');
  else checkTitle(title.text, title.n, (line, message) => out.push({ line, message, severity: 'warning' }));

  let id = '';
  let idLine = title?.n ?? 1;
  let topic: string | undefined;
  for (const l of header) {
    const m = /^(\w+)\s*:\s*(.*)$/.exec(l.text.trim());
    if (!l.text.trim()) continue;
    if (m?.[1] === 'id') [id, idLine] = [m[2]!.trim(), l.n];
    else if (m?.[1] === 'topic') topic = m[2]!.trim() || undefined;
    else err(l.n, m ? `unknown key "${m[1]}" (expected id or topic)` : 'unexpected text; the header holds only "id:" and "topic:" lines');
  }
  if (!id) err(idLine, 'missing "id: <pack-id>" under the title');
  else if (!PACK_ID.test(id)) err(idLine, `pack id "${id}" must be lowercase letters, digits and "-"`);

  let lesson: { sections: LessonSection[]; takeaways: string[] } | undefined;
  const questions: Question[] = [];
  const questionLines = new Map<string, number>();
  for (const block of blocks) {
    if (tooMany()) return stopped(block.heading.n);
    yield PAUSE;
    const h = block.heading.text.replace(/^##\s+/, '').trim();
    const q = /^Question\s*:\s*(.*)$/i.exec(h);
    if (/^Lesson$/i.test(h)) {
      if (lesson) err(block.heading.n, 'a second "## Lesson"');
      else lesson = parseLesson(block, out);
    } else if (q) {
      const qid = q[1]!.trim();
      if (questionLines.has(qid)) {
        err(block.heading.n, `duplicate question id "${qid}" (first at line ${questionLines.get(qid)})`);
        continue;
      }
      questionLines.set(qid, block.heading.n);
      const question = parseQuestion(qid, block.heading.n, id, block.lines, out);
      if (question) questions.push(question);
    } else err(block.heading.n, `unknown heading "## ${h}" (expected "## Lesson" or "## Question: <id>")`);
  }
  // Checked after every block, so a lesson written below the questions still counts.
  for (const q of questions) {
    const count = lesson?.takeaways.length ?? 0;
    if (q.takeaway !== undefined && (q.takeaway < 1 || q.takeaway > count)) {
      err(questionLines.get(q.id)!, `question "${q.id}": takeaway ${q.takeaway} does not exist (the lesson has ${count})`);
    }
  }
  if (!lesson) err(title?.n ?? 1, 'missing "## Lesson" with at least "### The big idea" and "### Key takeaways"');
  if (!questionLines.size) err(title?.n ?? 1, 'the pack has no questions ("## Question: <id>")');

  if (tooMany()) return stopped(lines.length);
  const ok = !out.some((f) => f.severity === 'error');
  return {
    findings: out.sort((a, b) => a.line - b.line),
    idLine,
    questionLines,
    ...(ok && title && lesson
      ? { pack: { id, title: title.text, ...(topic ? { topic } : {}), lesson: lesson.sections, takeaways: lesson.takeaways, questions, source } }
      : {}),
  };
}

function parseLesson(block: Block, out: Finding[]): { sections: LessonSection[]; takeaways: string[] } {
  const found = new Map<string, { n: number; lines: Line[] }>();
  let current: Line[] | undefined;
  let fenced = false;
  for (const l of block.lines) {
    if (isFence(l.text)) fenced = !fenced;
    const h = !fenced && /^###\s+(.*)$/.exec(l.text);
    if (h) {
      const name = lessonSectionTitle(h[1]!.trim());
      current = [];
      if (!name) out.push({ line: l.n, message: `unknown lesson section "${h[1]!.trim()}" (expected one of: ${LESSON_SECTIONS.join(', ')})`, severity: 'error' });
      else if (found.has(name)) out.push({ line: l.n, message: `lesson section "${name}" appears twice`, severity: 'error' });
      else found.set(name, { n: l.n, lines: current });
    } else if (current) current.push(l);
    else if (l.text.trim()) out.push({ line: l.n, message: 'lesson text before the first "### " section', severity: 'error' });
  }
  for (const name of REQUIRED_LESSON_SECTIONS) {
    const s = found.get(name);
    if (!s || !joinText(s.lines)) out.push({ line: s?.n ?? block.heading.n, message: `the lesson needs a non-empty "### ${name}"`, severity: 'error' });
  }
  for (const [name, s] of found) {
    if (joinText(s.lines).includes(TODO_MARK)) out.push({ line: s.n, message: `lesson section "${name}" is still a TODO placeholder`, severity: 'warning' });
  }
  const warn = (line: number, message: string) => out.push({ line, message, severity: 'warning' });
  for (const [name, s] of found) if (name !== 'Key takeaways') checkLessonSection(name, s.lines, warn);
  const items = listItems(found.get('Key takeaways')?.lines ?? []);
  checkTakeaways(items, warn);
  const takeaways = items.map((i) => i.text);
  const sections = LESSON_SECTIONS.filter((t) => found.has(t)).map((title) => ({ title, body: joinText(found.get(title)!.lines) }));
  return { sections, takeaways };
}

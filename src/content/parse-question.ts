/** Parses one `## Question: <id>` block into a Question, collecting problems with line numbers. */
import { DIFFICULTIES, type Difficulty, type Option, type Question, type Step } from '../core/types.ts';
import { checkQuestion } from './limits.ts';
import { isFence, joinText, listItems, type Line } from './lines.ts';

/** A problem found while parsing, before the file name is attached. */
export interface Finding {
  line: number;
  message: string;
  severity: 'error' | 'warning';
}

/** Marker the importer writes where a teacher still has to write the solution. */
export const TODO_MARK = 'TODO';

const SECTIONS = ['solution', 'final answer', 'quick check', 'hint', 'common mistakes', 'why not'] as const;
type SectionName = (typeof SECTIONS)[number];

const OPTION = /^([A-Z])[).]\s+(.+)$/;
const KEY = /^(difficulty|takeaway|answer)\s*:\s*(.*)$/i;

/** Splits lines at `### ` headings (outside code fences): the head, then named sections. */
function splitSections(lines: Line[], out: Finding[]) {
  const head: Line[] = [];
  const sections = new Map<SectionName, { line: number; lines: Line[] }>();
  let current: Line[] = head;
  let fenced = false;
  for (const l of lines) {
    if (isFence(l.text)) fenced = !fenced;
    const h = !fenced && /^###\s+(.*)$/.exec(l.text);
    if (h) {
      const name = h[1]!.trim().toLowerCase().replace(/:$/, '') as SectionName;
      if (!SECTIONS.includes(name)) {
        out.push({ line: l.n, message: `unknown section "### ${h[1]!.trim()}" (expected one of: ${SECTIONS.join(', ')})`, severity: 'error' });
        current = [];
      } else if (sections.has(name)) {
        out.push({ line: l.n, message: `section "### ${h[1]!.trim()}" appears twice`, severity: 'error' });
        current = [];
      } else {
        current = [];
        sections.set(name, { line: l.n, lines: current });
      }
      continue;
    }
    current.push(l);
  }
  if (fenced) out.push({ line: lines[lines.length - 1]?.n ?? 0, message: 'a code block (```) is never closed', severity: 'error' });
  return { head, sections };
}

function parseSteps(id: string, lines: Line[], out: Finding[]): (Step & { n: number })[] {
  const steps: (Step & { n: number })[] = [];
  for (const l of lines) {
    const m = /^\s{0,3}(\d+)[.)]\s+(.*)$/.exec(l.text);
    if (m) steps.push({ n: l.n, title: m[2]!.trim().replace(/:$/, ''), explanation: '' });
    else if (l.text.trim() && steps.length) {
      const s = steps[steps.length - 1]!;
      s.explanation = s.explanation ? `${s.explanation}\n${l.text.trim()}` : l.text.trim();
    } else if (l.text.trim()) out.push({ line: l.n, message: `question "${id}": solution text before the first numbered step ("1. <title>")`, severity: 'error' });
  }
  for (const s of steps) {
    if (!s.explanation) out.push({ line: s.n, message: `question "${id}": step "${s.title}" has no explanation (write it on the indented line below)`, severity: 'error' });
    if (s.title.includes(TODO_MARK) || s.explanation.includes(TODO_MARK)) {
      out.push({ line: s.n, message: `question "${id}": the worked solution is still a TODO placeholder`, severity: 'warning' });
    }
  }
  return steps;
}

/** Parses a question block. `lines` excludes the `## Question:` heading at `headingLine`. */
export function parseQuestion(id: string, headingLine: number, packId: string, lines: Line[], out: Finding[]): Question | undefined {
  const before = out.length; // findings are only appended here, so the new ones are out.slice(before)
  const err = (line: number, message: string) => out.push({ line, message: `question "${id}": ${message}`, severity: 'error' });
  if (!/^[a-z0-9][a-z0-9-]{0,79}$/.test(id)) err(headingLine, 'id must be lowercase letters, digits and "-"');

  const { head, sections } = splitSections(lines, out);
  const prompt: Line[] = [];
  const options: (Option & { n: number })[] = [];
  let difficulty: Difficulty | undefined;
  let answer: { letter: string; n: number } | undefined;
  let takeaway: number | undefined;
  let fenced = false;
  for (const l of head) {
    if (isFence(l.text)) fenced = !fenced;
    const key = !fenced && KEY.exec(l.text.trim());
    const opt = !fenced && OPTION.exec(l.text.trim());
    if (key) {
      const [, name, value] = [key[0], key[1]!.toLowerCase(), key[2]!.trim()];
      if (name === 'difficulty') {
        if ((DIFFICULTIES as readonly string[]).includes(value.toLowerCase())) difficulty = value.toLowerCase() as Difficulty;
        else err(l.n, `unknown difficulty "${value}" (use easy, medium or hard)`);
      } else if (name === 'answer') answer = { letter: value.toUpperCase(), n: l.n };
      else if (/^\d+$/.test(value)) takeaway = Number(value);
      else err(l.n, `takeaway must be a number, got "${value}"`);
    } else if (opt) {
      options.push({ n: l.n, letter: opt[1]!, text: opt[2]!.trim() });
    } else if (options.length && l.text.trim()) {
      err(l.n, 'text after the options; move it into the prompt (above the options) or a section');
    } else if (!options.length) prompt.push(l);
  }

  const promptText = joinText(prompt);
  if (!promptText) err(headingLine, 'has no prompt');
  // Only this question's findings: scanning all of `out` per question was quadratic in a file with many errors.
  const badDifficulty = out.slice(before).some((f) => f.message.startsWith(`question "${id}": unknown difficulty`));
  if (!difficulty && !badDifficulty) err(headingLine, 'missing "difficulty: easy|medium|hard"');
  if (options.length < 2 || options.length > 6) err(options[0]?.n ?? headingLine, `has ${options.length} options; write 2 to 6, one per line as "A) text"`);
  options.forEach((o, i) => {
    const expected = String.fromCharCode(65 + i);
    if (o.letter !== expected) err(o.n, `option ${o.letter} is out of order; expected ${expected}`);
  });
  const letters = options.map((o) => o.letter);
  if (!answer) err(headingLine, 'has no answer; add "answer: <letter>" after the options');
  else if (!letters.includes(answer.letter)) err(answer.n, `answer "${answer.letter}" is not among the options (${letters.join(', ')})`);

  const todo = (name: SectionName, label: string, value: string) => {
    if (value.includes(TODO_MARK)) out.push({ line: sections.get(name)!.line, message: `question "${id}": "### ${label}" is still a TODO placeholder`, severity: 'warning' });
  };
  const text = (name: SectionName, label: string) => {
    const s = sections.get(name);
    const value = s ? joinText(s.lines) : '';
    if (!value) err(s?.line ?? headingLine, `missing or empty "### ${label}"`);
    todo(name, label, value);
    return value;
  };
  const solution = sections.get('solution');
  const steps = solution ? parseSteps(id, solution.lines, out) : [];
  if (!steps.length) err(solution?.line ?? headingLine, 'empty solution; add numbered steps under "### Solution"');
  const finalAnswer = text('final answer', 'Final answer');
  const quickCheck = text('quick check', 'Quick check');
  const hint = text('hint', 'Hint');
  const mistakes = sections.get('common mistakes');
  const mistakeItems = mistakes ? listItems(mistakes.lines) : [];
  const commonMistakes = mistakeItems.map((i) => i.text);
  if (!commonMistakes.length) err(mistakes?.line ?? headingLine, 'missing or empty "### Common mistakes"');
  todo('common mistakes', 'Common mistakes', commonMistakes.join('\n'));

  const whyNotLines = new Map<string, number>();
  for (const item of listItems(sections.get('why not')?.lines ?? [])) {
    const m = /^([A-Z])\s*[:)]\s*(.+)$/.exec(item.text);
    if (!m) err(item.n, 'a "Why not" line reads "- <letter>: <why it tempts>"');
    else if (m[1] === answer?.letter) err(item.n, `"Why not" for ${m[1]}, but ${m[1]} is the right answer`);
    else {
      const option = options.find((o) => o.letter === m[1]);
      if (!option) err(item.n, `"Why not" for ${m[1]}, which is not an option`);
      else {
        option.whyNot = m[2]!.trim();
        whyNotLines.set(option.letter, item.n);
      }
    }
  }

  if (out.slice(before).some((f) => f.severity === 'error')) return undefined;
  const question: Question = {
    id,
    packId,
    difficulty: difficulty!,
    prompt: promptText,
    options: options.map(({ letter, text, whyNot }) => ({ letter, text, ...(whyNot ? { whyNot } : {}) })),
    answer: answer!.letter,
    steps: steps.map(({ title, explanation }) => ({ title, explanation })),
    finalAnswer,
    quickCheck,
    hint,
    commonMistakes,
    ...(takeaway !== undefined ? { takeaway } : {}),
  };
  const at = {
    heading: headingLine,
    steps: steps.map((s) => s.n),
    finalAnswer: sections.get('final answer')!.line,
    quickCheck: sections.get('quick check')!.line,
    mistakes: mistakeItems.map((i) => i.n),
    whyNot: whyNotLines,
  };
  checkQuestion(question, at, (line, message) => out.push({ line, message, severity: 'warning' }));
  return question;
}

/**
 * The suggestion form: its fields (sized for the strictest platform), reading what a member typed into
 * stored fields with a message per field that is not right, and turning stored fields into a question.
 */
import type { SuggestionFields } from './ports.ts';
import type { Difficulty, Question } from './types.ts';
import type { FormField, FormView, SuggestionItem } from './views.ts';
import type { Suggestion } from './ports.ts';

/** What a suggestion may hold. The form's lengths say the same, so platforms stop most of it at the keyboard. */
export const SUGGEST_LIMITS = {
  prompt: 1500,
  options: 800,
  option: 200,
  steps: 2000,
  stepLines: 8,
  hint: 200,
  reason: 500,
  /** Pending suggestions one person may have waiting, and a workspace's whole queue. */
  perAuthor: 5,
  perWorkspace: 100,
} as const;

const LETTERS = ['A', 'B', 'C', 'D'] as const;

const FIELDS: readonly FormField[] = [
  { name: 'prompt', label: 'Question', style: 'paragraph', required: true, minLength: 10, maxLength: SUGGEST_LIMITS.prompt, placeholder: 'Which stage of the ML lifecycle cleans the training data?' },
  { name: 'options', label: 'Options, one per line (2 to 4)', style: 'paragraph', required: true, minLength: 3, maxLength: SUGGEST_LIMITS.options, placeholder: 'Model Training\nData Preparation\nModel Monitoring' },
  { name: 'answer', label: 'Right option (A, B, C or D)', style: 'short', required: true, minLength: 1, maxLength: 2, placeholder: 'B' },
  { name: 'steps', label: 'Why: one step per line', style: 'paragraph', required: true, minLength: 10, maxLength: SUGGEST_LIMITS.steps, placeholder: 'Data comes first: it is cleaned before any training.\nCheck: …  Mistake: … (optional lines)' },
  { name: 'hint', label: 'Hint (a nudge, not the answer)', style: 'short', required: true, minLength: 5, maxLength: SUGGEST_LIMITS.hint, placeholder: 'What has to happen before a model can learn?' },
];

/** The form of `/quiz suggest`, empty or filled with `values` (sent back with errors). */
export function suggestForm(values: Record<string, string> = {}): FormView {
  return { form: 'suggest', title: 'Suggest a question', submit: 'Send for review', fields: FIELDS.map((f) => withValue(f, values[f.name])) };
}

/** An admin's edit of suggestion `id`, filled with `values`. */
export function editForm(id: number, values: Record<string, string>): FormView {
  return { form: 'edit', key: String(id), title: `Edit suggestion #${id}`.slice(0, 24), submit: 'Save', fields: FIELDS.map((f) => withValue(f, values[f.name])) };
}

/** The reason an admin gives for rejecting suggestion `id` (its author reads it). */
export function rejectForm(id: number, reason?: string): FormView {
  const field: FormField = { name: 'reason', label: 'Why? The author reads this', style: 'paragraph', required: true, minLength: 3, maxLength: SUGGEST_LIMITS.reason, placeholder: 'We cover this in the onboarding pack already.' };
  return { form: 'reject', key: String(id), title: `Reject suggestion #${id}`.slice(0, 24), submit: 'Reject', fields: [withValue(field, reason)] };
}

function withValue(f: FormField, value: string | undefined): FormField {
  return value === undefined || value === '' ? { ...f } : { ...f, value: value.slice(0, f.maxLength) };
}

/** Stored fields as the form shows them (an admin's edit). */
export function formValues(f: SuggestionFields): Record<string, string> {
  return { prompt: f.prompt, options: f.options.join('\n'), answer: f.answer, steps: f.steps, hint: f.hint };
}

const lines = (text: string) => text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);

/** What a member typed, read into fields; `errors` has a short message per field that is not right. */
export function readFields(values: Record<string, string | undefined>): { fields?: SuggestionFields; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const value = (name: string) => (values[name] ?? '').replace(/\r\n/g, '\n').trim();
  const tooLong = (name: string, max: number) => value(name).length > max && (errors[name] = `At most ${max} characters (this has ${value(name).length}).`);

  const prompt = value('prompt');
  if (prompt.length < 10) errors.prompt = 'Write the question: at least 10 characters.';
  tooLong('prompt', SUGGEST_LIMITS.prompt);

  // "A) text", "b. text", "- text" and plain lines all mean one option each.
  const options = lines(value('options')).map((l) => l.replace(/^(?:[A-Da-d][).:]|[-*•])\s+/, '').trim());
  if (options.length < 2 || options.length > LETTERS.length) errors.options = `Write 2 to 4 options, one per line (this has ${options.length}).`;
  else if (options.some((o) => o.length > SUGGEST_LIMITS.option)) errors.options = `Each option may be at most ${SUGGEST_LIMITS.option} characters.`;
  else if (new Set(options.map((o) => o.toLowerCase())).size < options.length) errors.options = 'Two options are the same; make each one different.';
  tooLong('options', SUGGEST_LIMITS.options);

  const answer = value('answer').replace(/[).:]$/, '').toUpperCase();
  const letters = LETTERS.slice(0, Math.max(2, Math.min(options.length, LETTERS.length)));
  if (!(letters as readonly string[]).includes(answer)) errors.answer = `Give the right option's letter: ${letters.join(', ')}.`;

  const explained = parseSteps(value('steps'));
  if (explained.steps.length === 0) errors.steps = 'Explain why the answer is right: at least one line that is not "Check:" or "Mistake:".';
  else if (explained.steps.length > SUGGEST_LIMITS.stepLines) errors.steps = `At most ${SUGGEST_LIMITS.stepLines} steps (this has ${explained.steps.length}).`;
  tooLong('steps', SUGGEST_LIMITS.steps);

  const hint = value('hint');
  if (hint.length < 5) errors.hint = 'Write a hint: at least 5 characters.';
  else if (hint.includes('\n')) errors.hint = 'The hint is one line.';
  tooLong('hint', SUGGEST_LIMITS.hint);

  if (Object.keys(errors).length) return { errors };
  return { fields: { prompt, options, answer, steps: value('steps'), hint }, errors };
}

/** Explanation lines: steps (`Title: explanation`, or a plain sentence), `Check:` and `Mistake:` lines. */
function parseSteps(text: string): { steps: { title: string; explanation: string }[]; check?: string; mistakes: string[] } {
  const out: ReturnType<typeof parseSteps> = { steps: [], mistakes: [] };
  for (const raw of lines(text)) {
    const line = raw.replace(/^(?:\d+[.)]|[-*•])\s+/, '');
    const tagged = /^(check|quick check|mistake)\s*:\s*(.+)$/i.exec(line);
    if (tagged) {
      if (tagged[1]!.toLowerCase() === 'mistake') out.mistakes.push(tagged[2]!.trim());
      else out.check = tagged[2]!.trim();
      continue;
    }
    // A short lead before a colon is the step's title; otherwise the sentence is the explanation.
    const titled = /^([^:]{3,60}):\s+(.+)$/.exec(line);
    if (titled && titled[1]!.split(/\s+/).length <= 8) out.steps.push({ title: titled[1]!.trim(), explanation: titled[2]!.trim() });
    else out.steps.push({ title: `Step ${out.steps.length + 1}`, explanation: line });
  }
  return out;
}

/**
 * Stored fields as a question of the pack format. What the form does not ask for is written from what it
 * does: the final answer from the right option, a quick check and common mistakes from the `Check:` and
 * `Mistake:` lines, or plainly from the options when there are none.
 */
export function questionOf(f: SuggestionFields, id: string, packId: string, difficulty: Difficulty): Question {
  const options = f.options.map((text, i) => ({ letter: LETTERS[i]!, text }));
  const right = options.find((o) => o.letter === f.answer)!;
  const { steps, check, mistakes } = parseSteps(f.steps);
  return {
    id,
    packId,
    difficulty,
    prompt: f.prompt,
    options,
    answer: right.letter,
    steps,
    finalAnswer: `${right.text} -> Option ${right.letter}`,
    quickCheck: check ?? `Option ${right.letter} = ${right.text}`,
    hint: f.hint,
    commonMistakes: mistakes.length ? mistakes : options.filter((o) => o !== right).map((o) => `Picking ${o.letter}) ${o.text}`),
  };
}

/** A stored suggestion as the admins' queue shows it. */
export function itemOf(s: Suggestion): SuggestionItem {
  return {
    id: s.id,
    authorName: s.authorName,
    createdAt: s.createdAt,
    prompt: s.fields.prompt,
    options: s.fields.options.map((text, i) => ({ letter: LETTERS[i]!, text })),
    answer: s.fields.answer,
    steps: s.fields.steps,
    hint: s.fields.hint,
    ...(s.editedBy ? { editedBy: s.editedBy } : {}),
  };
}

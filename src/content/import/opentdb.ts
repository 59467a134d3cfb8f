/**
 * Open Trivia DB JSON (`{ response_code, results: [...] }`, default HTML encoding). `multiple`
 * questions get their options in a shuffle seeded by the question text; `boolean` ones become
 * two options, A) True and B) False, in that order.
 */
import { DIFFICULTIES, type Difficulty } from '../../core/types.ts';
import { ImportError } from './errors.ts';
import { decodeHtmlEntities } from './html-entities.ts';
import { seededShuffle } from './shuffle.ts';
import type { Bank, Format, ImportOptions, Outcome } from './types.ts';

/** One entry of `results`, unchecked, with whether the bank mixes categories (then each question names its own). */
export interface OpenTdbRecord {
  n: number;
  entry: unknown;
  mixed: boolean;
}

const RESPONSE_CODES: Record<number, string> = {
  1: 'no results', 2: 'invalid parameter', 3: 'token not found', 4: 'token empty', 5: 'rate limit',
};

const str = (v: unknown) => (typeof v === 'string' ? decodeHtmlEntities(v).trim() : undefined);
const category = (e: unknown) => (e && typeof e === 'object' ? str((e as Record<string, unknown>).category) : undefined);

/** Parses the JSON and lists `results`; throws ImportError when it is not an Open Trivia DB response. */
export function splitOpenTdb(text: string): Bank<OpenTdbRecord> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ImportError(`not valid JSON (${(e as Error).message.split('\n')[0]})`);
  }
  const results = data && typeof data === 'object' ? (data as { results?: unknown }).results : undefined;
  if (!Array.isArray(results)) throw new ImportError('no "results" array: not an Open Trivia DB response');
  const code = (data as { response_code?: unknown }).response_code;
  if (!results.length && typeof code === 'number' && code !== 0) {
    throw new ImportError(`the response says response_code ${code} (${RESPONSE_CODES[code] ?? 'unknown'}) and has no results`);
  }
  const categories = new Set(results.map(category));
  const only = categories.size === 1 ? [...categories][0] : undefined;
  return {
    records: results.map((entry, i) => ({ n: i + 1, entry, mixed: categories.size > 1 })),
    ...(only ? { topic: only } : {}),
  };
}

/** Checks one entry and turns it into a draft (entities decoded), or says why it is skipped. */
export function convertOpenTdb(r: OpenTdbRecord, options: ImportOptions): Outcome {
  const where = `results[${r.n - 1}]`;
  const skip = (reason: string): Outcome => ({ skip: { n: r.n, where, reason } });
  if (!r.entry || typeof r.entry !== 'object') return skip('not an object');
  const e = r.entry as Record<string, unknown>;
  const prompt = str(e.question);
  const correct = str(e.correct_answer);
  const incorrect = Array.isArray(e.incorrect_answers) ? e.incorrect_answers.map(str) : undefined;
  if (!prompt) return skip('no "question" text');
  if (!correct) return skip('no "correct_answer"');
  const level = typeof e.difficulty === 'string' ? e.difficulty.toLowerCase() : '';
  const difficulty = (DIFFICULTIES as readonly string[]).includes(level) ? (level as Difficulty) : options.difficulty;
  const cat = category(e);
  const notes = r.mixed && cat ? [`Category in Open Trivia DB: ${cat}`] : [];
  const draft = { n: r.n, where, prompt, difficulty, notes };
  if (e.type === 'boolean') {
    const answer = ['true', 'false'].indexOf(correct.toLowerCase());
    if (answer < 0) return skip(`a boolean question whose correct_answer is "${correct}", not True or False`);
    return { draft: { ...draft, options: [{ text: 'True' }, { text: 'False' }], answer } };
  }
  if (e.type !== 'multiple') return skip(`type "${String(e.type)}" is not supported (only multiple and boolean)`);
  if (!incorrect || incorrect.some((t) => !t)) return skip('"incorrect_answers" is not a list of texts');
  if (incorrect.length < 1 || incorrect.length > 5) return skip(`${incorrect.length + 1} option(s); a pack question has 2 to 6`);
  const inFile = [correct, ...(incorrect as string[])].map((text) => ({ text }));
  const ordered = options.keepOrder ? inFile : seededShuffle(inFile, prompt);
  return { draft: { ...draft, options: ordered, answer: ordered.indexOf(inFile[0]!) } };
}

/** The Open Trivia DB format for the importer. */
export const opentdb: Format<OpenTdbRecord> = { split: splitOpenTdb, convert: convertOpenTdb };

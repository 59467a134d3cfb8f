import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadPacks } from '../../src/content/folder.ts';
import { importBank } from '../../src/content/import/run.ts';
import { packToMarkdown } from '../../src/content/import/to-markdown.ts';
import { stripControl } from '../../src/core/text.ts';
import { runScript } from '../helpers/bot.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stepwise-control-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const ESC = '\u001b';
/** Any control character stripControl must remove, or a bidi override. */
const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

describe('stripControl', () => {
  it('removes C0 (but not \\n and \\t), DEL, C1 and bidi overrides and isolates', () => {
    expect(stripControl(`a${ESC}[2Jb\u0007c\u0000d\u007fe\u0085f\u009b31mg\rh\u000bi\u000cj`)).toBe('a[2Jbcdef31mghij');
    expect(stripControl('if (x\u202E) { \u2066evil\u2069 }\u202C')).toBe('if (x) { evil }');
    expect(stripControl('ok\n\tstill ok')).toBe('ok\n\tstill ok');
  });

  it('keeps tabs, line breaks, emoji, accents, right-to-left text and its marks', () => {
    const text = 'Tab\there\nCafé 🇦 ✅ — שלום\u200F עולם, مرحبا\u200E';
    expect(stripControl(text)).toBe(text);
  });
});

/** A valid pack with `prompt` as the question text. */
const pack = (prompt: string) =>
  ['# Pack: Escapes', 'id: escapes', '', '## Lesson', '### The big idea', 'Ideas.', '### Key takeaways', '- One', '',
    '## Question: q1', 'difficulty: easy', prompt, 'A) 1', 'B) 2', 'answer: B', '### Solution', '1. Add', '   One plus one.',
    '### Final answer', `2 ${ESC}[31m-> Option B`, '### Quick check', 'ok', '### Hint', 'h', '### Common mistakes', '- m', ''].join('\n');

describe('control characters never reach a chat from a pack', () => {
  it('are removed at load, with a warning at the first line that had one; the pack is served', () => {
    writeFileSync(join(dir, 'p.md'), pack(`What is ${ESC}[2J${ESC}]0;pwned\u0007 1 + 1?\u202E`));
    const { packs, problems } = loadPacks(dir);
    const q = packs[0]!.questions[0]!;
    expect(q.prompt).toBe('What is [2J]0;pwned 1 + 1?');
    expect(q.finalAnswer).toBe('2 [31m-> Option B');
    expect(problems.map((p) => `${p.line}: ${p.severity}: ${p.message}`)).toEqual([
      '12: warning: control characters (such as terminal escape codes) removed from this file, first on this line',
    ]);
  });

  it('the terminal chat prints no escape code from a pack (the real entry point)', async () => {
    const content = join(dir, 'content');
    mkdirSync(content);
    writeFileSync(join(content, 'p.md'), pack(`Clear ${ESC}[2J${ESC}[H the screen?`));
    mkdirSync(join(dir, 'run'));
    const { code, stdout } = await runScript(join(dir, 'run'), '/quiz answer A\n', { STEPWISE_CONTENT: content });
    expect(code).toBe(0);
    expect(stdout).toContain('Clear [2J[H the screen?');
    expect(stdout).not.toMatch(UNSAFE);
  });
});

describe('control characters never reach a pack from an imported bank', () => {
  it('Open Trivia DB: `&#27;[2J` and friends are decoded, then removed from prompt, options and notes', () => {
    const bank = JSON.stringify({
      response_code: 0,
      results: [
        { type: 'multiple', difficulty: 'easy', category: 'Mixed&#27;[2J', question: 'Clear&#27;[2J&#x1b;[H the screen&#7;?', correct_answer: 'Yes&#141;31m', incorrect_answers: ['No&#8238;', 'Maybe', 'Never'] },
        { type: 'multiple', difficulty: 'easy', category: 'Other', question: 'Plain?', correct_answer: 'a', incorrect_answers: ['b'] },
      ],
    });
    const result = importBank('opentdb', bank, { difficulty: 'easy', keepOrder: true });
    const [first] = result.drafts;
    expect(first!.prompt).toBe('Clear[2J[H the screen?');
    expect(first!.options.map((o) => o.text)).toEqual(['Yes31m', 'No', 'Maybe', 'Never']);
    expect(first!.notes).toEqual(['Category in Open Trivia DB: Mixed[2J']);
    const md = packToMarkdown({ id: 'otdb', title: 'T', source: 'bank.json' }, result.drafts, result.total);
    expect(md).not.toMatch(UNSAFE);
  });

  it('Aiken and GIFT: control characters in the bank are removed, and skip reasons quoting the bank are clean too', () => {
    const aiken = importBank('aiken', `Beep\u0007?\nA) x${ESC}[1m\nB) y\nANSWER: A\n\nBad?\nA) x\nB) y\nANSWER: Z${ESC}[2J\n`, { difficulty: 'easy', keepOrder: true });
    expect(aiken.drafts[0]!.prompt).toBe('Beep?');
    expect(aiken.drafts[0]!.options[0]!.text).toBe('x[1m');
    expect(aiken.skipped[0]!.reason).not.toMatch(UNSAFE);
    const gift = importBank('gift', `Beep\u0007? {=yes${ESC}[1m ~no#wrong\u202E}\n`, { difficulty: 'easy', keepOrder: true });
    expect(gift.drafts[0]!.prompt).toBe('Beep?');
    expect(gift.drafts[0]!.options).toEqual([{ text: 'yes[1m' }, { text: 'no', whyNot: 'wrong' }]);
  });
});

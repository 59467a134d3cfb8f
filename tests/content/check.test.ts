import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatProblem, loadPacks } from '../../src/content/folder.ts';
import { CONTENT } from '../helpers/world.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stepwise-content-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const SEED = readFileSync(join(CONTENT, '01-ml-lifecycle.md'), 'utf8');

/** A small valid pack; `q` replaces the question block. */
function pack(id: string, q = question('q1')): string {
  return `# Pack: Test ${id}\n\nid: ${id}\n\n## Lesson\n\n### The big idea\nIdeas.\n\n### Key takeaways\n- One\n- Two\n\n${q}`;
}
function question(id: string, over: Partial<Record<'difficulty' | 'options' | 'answer' | 'solution' | 'extra', string>> = {}): string {
  return [
    `## Question: ${id}`,
    '',
    `difficulty: ${over.difficulty ?? 'easy'}`,
    '',
    'What is 1 + 1?',
    '',
    over.options ?? 'A) 1\nB) 2\nC) 3',
    '',
    `answer: ${over.answer ?? 'B'}`,
    '',
    '### Solution',
    over.solution ?? '1. Add\n   One plus one is two.',
    '',
    '### Final answer',
    '2 -> Option B',
    '### Quick check',
    '2 - 1 = 1',
    '### Hint',
    'Count on your fingers',
    '### Common mistakes',
    '- Multiplying',
    over.extra ?? '',
  ].join('\n');
}
const write = (name: string, text: string | Buffer) => writeFileSync(join(dir, name), text);
const problems = () => loadPacks(dir).problems.map((p) => `${p.file.split('/').pop()}:${p.line}: ${p.severity}: ${p.message}`);

describe('the bundled content', () => {
  it('passes the check, with the seed lesson’s five questions and answers B, A, C, A, D', () => {
    const { packs, problems } = loadPacks(CONTENT);
    expect(problems).toEqual([]);
    expect(packs.length).toBeGreaterThanOrEqual(3);
    const seed = packs.find((p) => p.id === 'ml-lifecycle')!;
    expect(seed.questions.map((q) => q.answer)).toEqual(['B', 'A', 'C', 'A', 'D']);
    expect(seed.questions.map((q) => q.difficulty)).toEqual(['easy', 'easy', 'easy', 'easy', 'medium']);
    expect(seed.lesson.map((s) => s.title)).toEqual([
      'The big idea', 'The scenario', 'The problem', 'The solution', 'Before vs after', 'What it enables', 'Real-life example', 'Key takeaways',
    ]);
    expect(seed.questions[2]!.prompt).toContain('```python\nstages = [');
    for (const p of packs.filter((p) => p.id !== 'ml-lifecycle')) {
      expect(p.questions.length).toBeGreaterThanOrEqual(10);
      expect(new Set(p.questions.map((q) => q.difficulty))).toEqual(new Set(['easy', 'medium', 'hard']));
      expect(p.questions.some((q) => q.prompt.includes('```'))).toBe(true);
    }
  });
});

describe('content:check reports each problem with file:line and a reason', () => {
  it.each([
    ['no answer', question('q1', { answer: '' }).replace('answer: ', ''), /question "q1": has no answer/],
    ['answer not among the options', question('q1', { answer: 'E' }), /:24: error: question "q1": answer "E" is not among the options \(A, B, C\)/],
    ['unknown difficulty', question('q1', { difficulty: 'brutal' }), /:16: error: question "q1": unknown difficulty "brutal"/],
    ['empty solution', question('q1', { solution: '' }), /:26: error: question "q1": empty solution/],
    ['a step without explanation', question('q1', { solution: '1. Add' }), /:27: error: question "q1": step "Add" has no explanation/],
    ['too few options', question('q1', { options: 'A) 2', answer: 'A' }), /question "q1": has 1 options; write 2 to 6/],
    ['options out of order', question('q1', { options: 'A) 1\nC) 2\nB) 3' }), /:21: error: question "q1": option C is out of order; expected B/],
    ['why-not for the right option', question('q1', { extra: '### Why not\n- B: tempting' }), /question "q1": "Why not" for B, but B is the right answer/],
    ['why-not for a missing option', question('q1', { extra: '### Why not\n- F: tempting' }), /"Why not" for F, which is not an option/],
    ['an unclosed code block', question('q1').replace('What is 1 + 1?', '```python\nprint(1)'), /a code block \(```\) is never closed/],
    ['an unknown section', question('q1', { extra: '### Trivia\nfun' }), /unknown section "### Trivia"/],
  ])('%s', (_name, q, expected) => {
    write('p.md', pack('p', q));
    const found = problems();
    expect(found.join('\n')).toMatch(expected);
    expect(loadPacks(dir).packs).toEqual([]);
  });

  it('flags a duplicate id within a pack and across packs, refusing only the later pack', () => {
    write('a.md', pack('a', `${question('q1')}\n\n${question('q1')}`));
    write('b.md', pack('b', question('shared')));
    write('c.md', pack('c', question('shared')));
    write('d.md', pack('b', question('other')));
    const found = problems();
    expect(found).toContain('a.md:40: error: duplicate question id "q1" (first at line 14)');
    expect(found.some((p) => /^c\.md:14: error: duplicate question id "shared" \(also in .*b\.md:14\)$/.test(p))).toBe(true);
    expect(found.some((p) => /^d\.md:3: error: duplicate pack id "b" \(also in .*b\.md:3\)$/.test(p))).toBe(true);
    expect(loadPacks(dir).packs.map((p) => p.id)).toEqual(['b']);
  });

  it('reads a file with a BOM and CRLF line ends like any other', () => {
    write('bom.md', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(pack('bom').replace(/\n/g, '\r\n'))]));
    const { packs, problems } = loadPacks(dir);
    expect(problems).toEqual([]);
    expect(packs[0]!.questions[0]!.prompt).toBe('What is 1 + 1?');
  });

  it('refuses invalid UTF-8 with the line of the first bad byte, and still serves the good packs', () => {
    const text = pack('bad').split('\n');
    write('bad.md', Buffer.concat([Buffer.from(text.slice(0, 4).join('\n') + '\n'), Buffer.from([0xc3, 0x28, 0x0a]), Buffer.from(text.slice(4).join('\n'))]));
    write('good.md', pack('good', question('g1')));
    expect(problems()).toEqual(['bad.md:5: error: this line is not valid UTF-8; save the file as UTF-8']);
    expect(loadPacks(dir).packs.map((p) => p.id)).toEqual(['good']);
  });

  it('warns, without refusing, about a solution still marked TODO', () => {
    write('todo.md', pack('todo', question('q1', { solution: '1. TODO: write the worked solution\n   TODO' })));
    expect(problems()).toEqual(['todo.md:27: warning: question "q1": the worked solution is still a TODO placeholder']);
    expect(loadPacks(dir).packs).toHaveLength(1);
  });

  it('checks takeaway numbers even when the lesson comes after the questions', () => {
    const body = question('q1').replace('difficulty: easy', 'difficulty: easy\ntakeaway: 3');
    write('t.md', `# Pack: T\nid: t\n\n${body}\n\n## Lesson\n### The big idea\nx\n### Key takeaways\n- one\n`);
    expect(problems()).toEqual(['t.md:4: error: question "q1": takeaway 3 does not exist (the lesson has 1)']);
  });

  it('the CLI prints file:line problems and exits non-zero on an error, zero when clean', () => {
    write('p.md', pack('p', question('q1', { answer: 'Z' })));
    const bad = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/content-check.ts', dir], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/p\.md:24: error: question "q1": answer "Z" is not among the options/);
    expect(bad.stdout).toMatch(/0 pack\(s\) OK with 0 question\(s\); 1 error\(s\)/);
    const good = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/content-check.ts', CONTENT], { encoding: 'utf8' });
    expect(good.status).toBe(0);
    expect(good.stdout).toMatch(/0 error\(s\), 0 warning\(s\)/);
  });

  it('formats a problem as file:line: severity: reason', () => {
    expect(formatProblem({ file: 'content/x.md', line: 4, message: 'boom', severity: 'error' })).toBe('content/x.md:4: error: boom');
  });

  it('the seed lesson passes, as a sanity check of this test’s helpers', () => {
    write('seed.md', SEED);
    expect(problems()).toEqual([]);
  });
});

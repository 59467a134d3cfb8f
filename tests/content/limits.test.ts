import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadPacks } from '../../src/content/folder.ts';
import { MAX_PACK_TITLE, slackLength } from '../../src/content/limits.ts';
import { CONTENT } from '../helpers/world.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stepwise-limits-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

type Part = 'title' | 'idea' | 'solution' | 'takeaways' | 'prompt' | 'options' | 'steps' | 'final' | 'check' | 'mistakes' | 'whyNot';
/** A valid pack (line numbers in the comments); `over` replaces one part. */
function pack(over: Partial<Record<Part, string>> = {}): string {
  return [
    `# Pack: ${over.title ?? 'Limits'}`, // 1
    'id: limits', // 2
    '## Lesson', // 3
    '### The big idea', // 4
    over.idea ?? 'Ideas.', // 5
    '### The solution', // 6
    over.solution ?? 'Do it.', // 7
    '### Key takeaways', // 8
    over.takeaways ?? '- One', // 9
    '## Question: q1', // 10
    'difficulty: easy', // 11
    over.prompt ?? 'What is 1 + 1?', // 12
    over.options ?? 'A) 1\nB) 2', // 13-14
    'answer: B', // 15
    '### Solution', // 16
    over.steps ?? '1. Add\n   One plus one is two.', // 17-18
    '### Final answer', // 19
    over.final ?? '2 -> Option B', // 20
    '### Quick check', // 21
    over.check ?? '2 - 1 = 1', // 22
    '### Hint', // 23
    'Count', // 24
    '### Common mistakes', // 25
    over.mistakes ?? '- Multiplying', // 26
    '### Why not', // 27
    over.whyNot ?? '- A: one is half of it', // 28
    '',
  ].join('\n');
}
const warnings = (text: string) => {
  writeFileSync(join(dir, 'p.md'), text);
  const { packs, problems } = loadPacks(dir);
  expect(packs).toHaveLength(1); // a warning never refuses the pack
  return problems.map((p) => `${p.line}: ${p.severity}: ${p.message}`);
};
const x = (n: number) => 'x'.repeat(n);
/** A code block of about 1,700 characters: each of its lines is short, but a code block is not split. */
const CODE = `\`\`\`python\n${Array.from({ length: 60 }, (_, i) => `step_${i} = run("${x(10)}")`).join('\n')}\n\`\`\``;

describe('content:check warns when one unit would not fit a platform field or section', () => {
  it('the bundled packs fit everywhere (the 1,695-character ml-pipelines-ci solution section is split at its lines)', () => {
    expect(loadPacks(CONTENT).problems).toEqual([]);
  });

  it('a valid pack at the limits has no warning', () => {
    expect(
      warnings(pack({ title: x(MAX_PACK_TITLE), idea: x(1024), solution: `${x(1000)}\n${x(1000)}\n${x(1000)}`, steps: `1. ${x(250)}\n   ${x(1024)}`, final: x(1024), mistakes: `- ${x(1022)}` })),
    ).toEqual([]);
  });

  it.each<[string, Partial<Record<Part, string>>, string]>([
    ['a lesson line over a Discord field', { idea: x(1025) }, '5: warning: a line of "### The big idea" is 1,025 characters, and a Discord embed field holds 1,024: it would be cut. Shorten it or split it'],
    ['a lesson code block over a Discord field', { solution: CODE }, `7: warning: a code block in "### The solution" is ${CODE.length.toLocaleString('en')} characters, and a Discord embed field holds 1,024: it would be cut. Shorten it or split it`],
    ['a key takeaway over a Discord field', { takeaways: `- ${x(600)}\n  ${x(600)}` }, '9: warning: key takeaway 1 is 1,201 characters, and a Discord embed field holds 1,024: it would be cut. Shorten it or split it'],
    ['a step explanation over a Discord field', { steps: `1. Add\n   ${x(1100)}` }, '17: warning: question "q1": step 1 is 1,100 characters, and a Discord embed field holds 1,024: it would be cut. Shorten it or split it'],
    ['a step title over a Discord field name', { steps: `1. ${x(260)}\n   ok` }, '17: warning: question "q1": the title of step 1 is 263 characters, and a Discord embed field name holds 256: it would be cut. Shorten it or split it'],
    ['a final answer over a Discord field', { final: x(1030) }, '19: warning: question "q1": the final answer is 1,030 characters, and a Discord embed field holds 1,024: it would be cut. Shorten it or split it'],
    ['a quick check over a Discord field', { check: x(1030) }, '21: warning: question "q1": the quick check is 1,030 characters, and a Discord embed field holds 1,024: it would be cut. Shorten it or split it'],
    ['a common mistake over a Discord field', { mistakes: `- ok\n- ${x(1030)}` }, '27: warning: question "q1": a common mistake is 1,032 characters, and a Discord embed field holds 1,024: it would be cut. Shorten it or split it'],
    ['a pack title over a Slack header', { title: x(MAX_PACK_TITLE + 1) }, `1: warning: the pack title is ${MAX_PACK_TITLE + 1} characters, and a Slack header (150, of which the question number and difficulty take ${150 - MAX_PACK_TITLE}) holds ${MAX_PACK_TITLE}: it would be cut. Shorten it or split it`],
  ])('%s', (_name, over, expected) => {
    expect(warnings(pack(over))).toEqual([expected]);
  });

  it('a prompt with its code over the Discord question embed and a Slack section', () => {
    const code = `\`\`\`python\n${Array.from({ length: 200 }, (_, i) => `value_${i} = compute(${i}) + 1`).join('\n')}\n\`\`\``;
    expect(code.length).toBeGreaterThan(4096);
    expect(warnings(pack({ prompt: `Which line fails?\n${code}` }))).toEqual([
      `10: warning: question "q1": the prompt with its options is ${(18 + code.length + 2 + '**A)** 1 ✅\n**B)** 2 ✅'.length).toLocaleString('en')} characters, and a Discord question embed holds 4,096: it would be cut. Shorten it or split it`,
      `10: warning: question "q1": the prompt is ${(18 + code.length).toLocaleString('en')} characters, and a Slack section holds 3,000: it would be cut. Shorten it or split it`,
    ]);
  });

  it('Slack is measured after escaping: 2,000 characters of `a < b && c` fit Discord but not a Slack section', () => {
    const prompt = 'a < b && c '.repeat(182);
    expect(prompt.trim().length).toBeLessThan(2048);
    expect(slackLength(prompt.trim())).toBeGreaterThan(3000);
    expect(warnings(pack({ prompt }))).toEqual([
      `10: warning: question "q1": the prompt is ${slackLength(prompt.trim()).toLocaleString('en')} characters, and a Slack section holds 3,000: it would be cut. Shorten it or split it`,
    ]);
  });

  it('a "why not" line over a Slack section', () => {
    expect(warnings(pack({ whyNot: `- A: ${x(3000)}` }))).toEqual([
      '28: warning: question "q1": "Why not" for A is 3,018 characters, and a Slack section holds 3,000: it would be cut. Shorten it or split it',
    ]);
  });

  it('npm run content:check prints the warning as file:line and still exits 0', () => {
    writeFileSync(join(dir, 'p.md'), pack({ final: x(1030) }));
    const root = join(import.meta.dirname, '..', '..');
    const r = spawnSync(join(root, 'node_modules', '.bin', 'tsx'), ['src/cli/content-check.ts', dir], { cwd: root, encoding: 'utf8' });
    expect(r.stdout).toContain(`${dir}/p.md:19: warning: question "q1": the final answer is 1,030 characters`);
    expect(r.stdout).toContain('1 pack(s) OK with 1 question(s); 0 error(s), 1 warning(s)');
    expect(r.status).toBe(0);
  });
});

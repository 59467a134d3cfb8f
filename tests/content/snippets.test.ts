/**
 * Every Python snippet in the shipped packs prints what its question says it prints.
 *
 * The stated output is the correct option (content/README.md: `answer: <letter>` names the right option,
 * and the final answer points at it). An option states an output in one of these ways:
 * - the printed text itself, exactly (`2 ['a1', 'c3']`);
 * - several printed lines joined by " then " (`2.0 then 1.0`);
 * - `It prints <text>`;
 * - an exception: `It raises ValueError`, `RuntimeError: <message>`, or a sentence saying which call
 *   "raises an <Name>"; the snippet must end with that exception and print nothing after it;
 * - `Output C`: the prompt shows the candidate outputs as labelled blocks ("Output C:" then a fenced block),
 *   because an option is one line and the real output has several.
 * A snippet that imports a third-party package python3 cannot import here (mlflow, sklearn, pandas…) is
 * skipped with the reason, one line each; one that prints nothing is only checked to run cleanly.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPacks } from '../../src/content/folder.ts';
import type { Question } from '../../src/core/types.ts';
import { CONTENT } from '../helpers/world.ts';

type Expected = { kind: 'stdout'; text: string } | { kind: 'raises'; name: string };

const PYTHON = 'python3';
// Resolved once: python3 is often a shim script (pyenv) that costs a second per start.
const found = spawnSync(PYTHON, ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' });
const exe = !found.error && found.status === 0 ? found.stdout.trim() || PYTHON : undefined;
const hasPython = exe !== undefined;
if (!hasPython) console.log(`snippets: ${PYTHON} is not on PATH, so the Python snippets in content/ were not run`);

/** The body of the question's ```python fences, joined (a prompt has at most one today). */
function pythonCode(prompt: string): string | undefined {
  const blocks = [...prompt.matchAll(/^```python[^\n]*\n([\s\S]*?)^```\s*$/gm)].map((m) => m[1]!);
  return blocks.length ? blocks.join('\n') : undefined;
}

/** The fenced block that follows the line `Output <letter>:` in the prompt. */
function labelledOutput(prompt: string, letter: string): string | undefined {
  const m = new RegExp(`^Output ${letter}:\\s*\\n\`\`\`[^\\n]*\\n([\\s\\S]*?)^\`\`\`\\s*$`, 'm').exec(prompt);
  return m ? m[1]!.replace(/\n$/, '') : undefined;
}

/** What an option says the snippet does (see the module comment for the forms). */
function expectedFrom(option: string, prompt: string): Expected {
  const labelled = /^Output ([A-Z])$/.exec(option);
  if (labelled) {
    const text = labelledOutput(prompt, labelled[1]!);
    if (text === undefined) throw new Error(`option "${option}" has no "Output ${labelled[1]}:" block in the prompt`);
    return { kind: 'stdout', text };
  }
  const raises = /^(?:It raises |.*\braises an? )([A-Z]\w*(?:Error|Exception))\b/.exec(option) ?? /^([A-Z]\w*(?:Error|Exception)): /.exec(option);
  if (raises) return { kind: 'raises', name: raises[1]! };
  const prints = /^It prints (.*)$/.exec(option);
  if (prints) return { kind: 'stdout', text: prints[1]! };
  return { kind: 'stdout', text: option.split(' then ').join('\n') };
}

/** Top-level modules the snippet imports. */
function imports(code: string): string[] {
  const names = new Set<string>();
  for (const m of code.matchAll(/^\s*import\s+([\w.]+(?:\s*,\s*[\w.]+)*)/gm)) for (const n of m[1]!.split(',')) names.add(n.trim().split('.')[0]!);
  for (const m of code.matchAll(/^\s*from\s+([\w.]+)\s+import\b/gm)) names.add(m[1]!.split('.')[0]!);
  return [...names];
}

/** The imported modules that are not in the standard library and that python3 cannot find. */
function missingPackages(code: string): string[] {
  const names = imports(code);
  if (!names.length) return [];
  const probe = 'import importlib.util, sys\nfor n in sys.argv[1:]:\n    if n not in sys.stdlib_module_names and importlib.util.find_spec(n) is None: print(n)';
  const r = spawnSync(exe!, ['-c', probe, ...names], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`could not probe imports: ${r.stderr}`);
  return r.stdout.split('\n').filter(Boolean);
}

const work = hasPython ? mkdtempSync(join(tmpdir(), 'stepwise-snippets-')) : '';
afterAll(() => void (work && rmSync(work, { recursive: true, force: true })));

/** Runs a snippet in a scratch folder (mlflow, if present, writes ./mlruns there). */
function run(code: string) {
  const r = spawnSync(exe!, ['-'], { input: code, cwd: work, encoding: 'utf8', timeout: 20_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const { packs, problems } = loadPacks(CONTENT);
const coded: { pack: string; q: Question; code: string }[] = [];
for (const p of packs) for (const q of p.questions) {
  const code = pythonCode(q.prompt);
  if (code !== undefined) coded.push({ pack: p.id, q, code });
}
const option = (q: Question, letter: string) => q.options.find((o) => o.letter === letter)!.text;

describe('the shipped packs’ code questions', () => {
  it('load cleanly, and there are code questions to check in every pack', () => {
    expect(problems).toEqual([]);
    expect(new Set(coded.map((c) => c.pack))).toEqual(new Set(packs.map((p) => p.id)));
  });

  it('each state their output in a form this test reads, and the final answer points at that option', () => {
    for (const { q } of coded) {
      expect(q.finalAnswer, q.id).toMatch(new RegExp(`-> Option ${q.answer}$`));
      expect(() => expectedFrom(option(q, q.answer), q.prompt), q.id).not.toThrow();
    }
  });
});

describe.skipIf(!hasPython)(`the snippets, run with ${PYTHON}`, () => {
  it.for(coded.map((c) => [c.q.id, c] as const))('%s prints what its right option says', ([, { q, code }], ctx) => {
    const missing = missingPackages(code);
    if (missing.length) {
      const reason = `${q.id}: skipped, imports ${missing.join(', ')}, which ${PYTHON} cannot import here`;
      console.log(`snippets: ${reason}`);
      ctx.skip(reason);
    }
    const expected = expectedFrom(option(q, q.answer), q.prompt);
    const got = run(code);
    if (expected.kind === 'stdout') {
      // stderr may carry a library's warnings; the exit status says whether the snippet ran.
      expect(got.status, `${q.id} failed:\n${got.stderr}`).toBe(0);
      if (!/\bprint\(/.test(code)) return; // defines things only: running cleanly is all there is to check
      expect(got.stdout.replace(/\n$/, ''), q.id).toBe(expected.text);
    } else {
      expect(got.status, `${q.id} should fail`).not.toBe(0);
      const last = got.stderr.trimEnd().split('\n').pop()!;
      expect(last, q.id).toMatch(new RegExp(`^(?:[\\w.]+\\.)?${expected.name}\\b`));
      expect(got.stdout, `${q.id} printed before raising`).toBe('');
    }
    // No wrong option may describe the same result, or the question would have two right answers.
    for (const o of q.options.filter((o) => o.letter !== q.answer)) {
      const other = expectedFrom(o.text, q.prompt);
      const same = other.kind === 'stdout' ? got.status === 0 && got.stdout.replace(/\n$/, '') === other.text : expected.kind === 'raises' && other.name === expected.name;
      expect(same, `${q.id}: option ${o.letter} is right too`).toBe(false);
    }
  });
});

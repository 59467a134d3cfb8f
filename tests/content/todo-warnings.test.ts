import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadPacks } from '../../src/content/folder.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stepwise-todo-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A valid pack; `fill` replaces each section's text. */
function pack(fill: Partial<Record<'idea' | 'scenario' | 'takeaways' | 'final' | 'check' | 'hint' | 'mistakes', string>> = {}): string {
  return [
    '# Pack: Todo', 'id: todo', '', '## Lesson', '### The big idea', fill.idea ?? 'Ideas.', '### The scenario', fill.scenario ?? 'A team.',
    '### Key takeaways', fill.takeaways ?? '- One', '', '## Question: q1', 'difficulty: easy', 'What is 1 + 1?', 'A) 1', 'B) 2', 'answer: B',
    '### Solution', '1. Add', '   One plus one is two.', '### Final answer', fill.final ?? '2 -> Option B', '### Quick check', fill.check ?? '2 - 1 = 1',
    '### Hint', fill.hint ?? 'Count', '### Common mistakes', fill.mistakes ?? '- Multiplying', '',
  ].join('\n');
}
const problems = () => loadPacks(join(dir, 'p.md')).problems.map((p) => `${p.line}: ${p.severity}: ${p.message}`);

describe('TODO placeholders outside the solution are warnings too', () => {
  it('flags a TODO in the final answer, quick check, hint and common mistakes, at the section heading, and still serves the pack', () => {
    writeFileSync(join(dir, 'p.md'), pack({ final: 'TODO -> Option B', check: 'TODO: check', hint: 'TODO: hint', mistakes: '- fine\n- TODO: more' }));
    expect(problems()).toEqual([
      '21: warning: question "q1": "### Final answer" is still a TODO placeholder',
      '23: warning: question "q1": "### Quick check" is still a TODO placeholder',
      '25: warning: question "q1": "### Hint" is still a TODO placeholder',
      '27: warning: question "q1": "### Common mistakes" is still a TODO placeholder',
    ]);
    expect(loadPacks(join(dir, 'p.md')).packs).toHaveLength(1);
  });

  it('flags a TODO in any lesson section, required or optional', () => {
    writeFileSync(join(dir, 'p.md'), pack({ idea: 'TODO: the idea', scenario: 'Later. TODO', takeaways: '- One\n- TODO: two' }));
    expect(problems()).toEqual([
      '5: warning: lesson section "The big idea" is still a TODO placeholder',
      '7: warning: lesson section "The scenario" is still a TODO placeholder',
      '9: warning: lesson section "Key takeaways" is still a TODO placeholder',
    ]);
    expect(loadPacks(join(dir, 'p.md')).packs).toHaveLength(1);
  });

  it('says nothing when no section holds the marker (it is case-sensitive, so "todo list" is prose)', () => {
    writeFileSync(join(dir, 'p.md'), pack({ hint: 'Think of a todo list' }));
    expect(problems()).toEqual([]);
  });
});

/** The checker's give-away warnings: a hint that states the answer, a correct option that stands out by length, near-duplicates, skewed letters. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadPacks } from '../../src/content/folder.ts';
import { CONTENT } from '../helpers/world.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stepwise-quality-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

interface Q {
  id: string;
  prompt?: string;
  options?: string[];
  answer?: string;
  hint?: string;
}

function question(q: Q): string {
  const options = q.options ?? ['Paris', 'Lyon', 'Marseille', 'Nice'];
  return [
    `## Question: ${q.id}`,
    '',
    'difficulty: easy',
    '',
    q.prompt ?? `Which city is the capital of France (${q.id})?`,
    '',
    ...options.map((o, i) => `${String.fromCharCode(65 + i)}) ${o}`),
    '',
    `answer: ${q.answer ?? 'A'}`,
    '',
    '### Solution',
    '1. Recall\n   The government sits there.',
    '',
    '### Final answer',
    'The capital -> Option A',
    '### Quick check',
    'Capital = seat of government',
    '### Hint',
    q.hint ?? 'Think of where the government sits',
    '### Common mistakes',
    '- Picking the biggest port',
    '',
  ].join('\n');
}
const pack = (id: string, qs: Q[]) => `# Pack: Test ${id}\n\nid: ${id}\n\n## Lesson\n\n### The big idea\nIdeas.\n\n### Key takeaways\n- One\n\n${qs.map(question).join('\n')}`;
const warnings = () => loadPacks(dir).problems.map((p) => `${p.file.split('/').pop()}:${p.line}: ${p.severity}: ${p.message}`);

describe('give-away warnings', () => {
  it('a hint that contains the correct option, or most of its words (prep counts as preparation), but not a nudge', () => {
    writeFileSync(
      join(dir, 'p.md'),
      pack('p', [
        { id: 'q-text', hint: 'It is Paris, of course' },
        { id: 'q-words', options: ['Data Preparation and Model Training', 'Deployment and Monitoring', 'Training and Deployment', 'Monitoring and Alerting'], hint: 'Retraining needs fresh data prep plus training' },
        { id: 'q-nudge', prompt: 'Your nightly job must rebuild weights from new rows: pick the pair of steps it runs.', options: ['Data Preparation and Model Training', 'Serving and alerting on live traffic', 'Labelling the newest rows by hand', 'Dashboards for the weekly review'], hint: 'Trace new rows to new weights' },
      ]),
    );
    expect(warnings()).toEqual([
      'p.md:13: warning: question "q-text": the hint contains the correct option\'s text ("Paris")',
      'p.md:39: warning: question "q-words": the hint uses 3 of the 4 words of the correct option ("Data Preparation and Model Training"); nudge instead',
    ]);
  });

  it('a correct option over 1.5 times as long as every other, in a question without code only', () => {
    const long = 'Paris, because the national government and parliament sit there';
    writeFileSync(
      join(dir, 'p.md'),
      pack('p', [
        { id: 'q-long', options: [long, 'Lyon, for its food', 'Marseille, the port', 'Nice, on the coast'] },
        { id: 'q-fine', options: ['Paris, home of the ministries', 'Lyon, the city of silk and food', 'Marseille, the old port', 'Nice'] },
        { id: 'q-code', prompt: 'What does this print?\n\n```python\nprint("Paris")\n```', options: [long, 'Lyon', 'Marseille', 'Nice'] },
      ]),
    );
    expect(warnings()).toEqual(['p.md:13: warning: question "q-long": the correct option (A) is 3.3 times as long as the longest other option; make the options of similar length']);
  });

  it('near-duplicates in any two packs, named with both places', () => {
    const prompt = 'A fraud model sees the same input distributions as in training, but fraudsters changed tactics so safe-looking transactions are now fraud. What is this called?';
    const options = ['Concept drift', 'Data drift', 'Training/serving skew', 'A latency regression'];
    writeFileSync(join(dir, '1.md'), pack('one', [{ id: 'q-drift', prompt, options }]));
    writeFileSync(join(dir, '2.md'), pack('two', [{ id: 'q-drift-again', prompt: prompt.replace('A fraud model', 'Your fraud model').replace('What is this called?', 'What is it called?'), options }, { id: 'q-other' }]));
    expect(warnings()).toEqual([
      expect.stringMatching(/^2\.md:13: warning: question "q-drift-again" is a near-duplicate of "q-drift" \(.*1\.md:13; \d+% of word triples shared\); change one$/),
    ]);
  });

  it('a pack whose answer is one letter in more than half of its (six or more) questions', () => {
    const six = (answers: string[]) => answers.map((answer, i) => ({ id: `q${i}`, prompt: `Question number ${i} about something else entirely, ${'x'.repeat(i)}?`, answer }));
    writeFileSync(join(dir, 'skewed.md'), pack('skewed', six(['A', 'A', 'A', 'A', 'B', 'C'])));
    writeFileSync(join(dir, 'spread.md'), pack('spread', six(['A', 'A', 'A', 'B', 'C', 'D'])));
    writeFileSync(join(dir, 'small.md'), pack('small', six(['A', 'A', 'A', 'A', 'A']).slice(0, 5)));
    expect(warnings().filter((w) => /answer is/.test(w))).toEqual(['skewed.md:3: warning: pack "skewed": the answer is A in 4 of 6 questions (A 4, B 1, C 1); spread the correct letters']);
  });

  it('the shipped packs pass with none', () => {
    expect(loadPacks(CONTENT).problems).toEqual([]);
  });
});

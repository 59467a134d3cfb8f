/** Long lessons and solutions are split over fields and messages, never cut; checked against the fake's limits. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIEmbed } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { openFence } from '../../../src/adapters/discord/limits.ts';
import { lessonMessages, revealMessages, type DiscordMessage } from '../../../src/adapters/discord/render.ts';
import { splitMarkdown } from '../../../src/adapters/discord/split.ts';
import { createFolderSource } from '../../../src/content/folder.ts';
import { lesson } from '../../../src/core/lesson.ts';
import { PackRegistry } from '../../../src/core/packs.ts';
import type { RevealView } from '../../../src/core/views.ts';
import { validateMessage } from '../../fakes/discord/validate.ts';
import { CONTENT } from '../../helpers/world.ts';
import { startHarness, type Harness } from './harness.ts';

/** Every message passes the fake's checks (Discord's limits: 1,024 a field, 25 fields, 6,000 a message). */
function valid(messages: DiscordMessage[]): void {
  for (const m of messages) expect(validateMessage(m as never, { hasFiles: false, isEdit: false })).toBeNull();
}
const allText = (messages: DiscordMessage[]) => messages.flatMap((m) => m.embeds).flatMap((e: APIEmbed) => (e.fields ?? []).map((f) => f.value)).join('\n');

describe('splitting Markdown', () => {
  it('keeps every character (but break whitespace), prefers line breaks, and reopens a fence it had to close', () => {
    const text = `Intro line.\n\`\`\`python\n${'print("step")\n'.repeat(150)}\`\`\`\nThe end.`;
    const chunks = splitMarkdown(text, 1024);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.every((c) => c.length <= 1024 && openFence(c) === null)).toBe(true);
    const joined = chunks.join('\n').replace(/\n```\n```python\n/g, '\n');
    expect(joined.replace(/\s+/g, '')).toBe(text.replace(/\s+/g, ''));
    expect(chunks.at(-1)).toMatch(/The end\.$/);
  });
});

/** A store whose workspaces have no packs of their own: the lesson comes from the built-ins. */
const NO_WORKSPACE_PACKS = { packs: { version: async () => 0, list: async () => [] } };

describe('/quiz learn on Discord', () => {
  it('shows the whole ml-pipelines-ci lesson, last takeaway included, within Discord’s limits', async () => {
    const packs = new PackRegistry(createFolderSource(CONTENT));
    packs.reload();
    const view = await lesson({ packs, store: NO_WORKSPACE_PACKS } as never, { platform: 'discord', workspace: 'g', channel: 'c' }, 'ml-pipelines-ci');
    const messages = lessonMessages(view);
    valid(messages);
    const shown = allText(messages).replace(/\s+/g, '');
    for (const s of view.sections) expect(shown).toContain(s.body.replace(/\s+/g, ''));
    const longest = Math.max(...view.sections.map((s) => s.body.length));
    expect(longest).toBeGreaterThan(1024); // the section that used to lose 672 characters
  });
});

const longReveal = (): RevealView => ({
  kind: 'reveal',
  dropId: 7,
  packTitle: 'Long',
  difficulty: 'hard',
  prompt: 'p',
  options: [{ letter: 'A', text: 'a', count: 1 }],
  total: 1,
  winners: ['Ann'],
  moreWinners: 0,
  solution: {
    correctLetter: 'A',
    correctText: 'a',
    steps: Array.from({ length: 9 }, (_, i) => ({ title: `Step ${i + 1}`, explanation: `${'Work it out carefully. '.repeat(70)}(end of step ${i + 1})` })),
    finalAnswer: 'THE FINAL ANSWER IS A',
    quickCheck: 'Check it.',
    commonMistakes: ['Skipping a step'],
    hint: 'h',
    takeaway: 'LAST TAKEAWAY',
  },
});

describe('a solution longer than one message', () => {
  it('continues over several messages, each within 6,000, with the final answer and takeaway kept', () => {
    const messages = revealMessages(longReveal());
    expect(messages.length).toBeGreaterThan(1);
    valid(messages);
    const text = allText(messages);
    expect(text).toContain('THE FINAL ANSWER IS A');
    expect(text).toContain('LAST TAKEAWAY');
    for (let i = 1; i <= 9; i++) expect(text).toContain(`(end of step ${i})`);
    expect(messages[1]!.embeds[0]!.title).toBe('🔔 Question #7 is closed (continued)');
  });
});

describe('long answers through the real adapter', () => {
  let h: Harness;
  it('/quiz learn ml-pipelines-ci arrives whole: its 1,695-character section over two fields, accepted by the fake', async () => {
    h = await startHarness();
    try {
      const payload = h.slash(h.learner.id, 'learn', { pack: 'ml-pipelines-ci' });
      const first = await h.reply(payload);
      expect(first.flags).toBe(64);
      const callback = await h.fake.waitForCall('POST', `/interactions/${payload.id}/${payload.token}/callback`);
      expect(callback.status).toBe(204);
      const names = first.body.embeds![0]!.fields!.map((f) => f.name);
      expect(names.some((n) => n.endsWith('(cont.)'))).toBe(true);
      const packs = new PackRegistry(createFolderSource(CONTENT));
      packs.reload();
      const view = await lesson({ packs, store: NO_WORKSPACE_PACKS } as never, { platform: 'discord', workspace: 'g', channel: 'c' }, 'ml-pipelines-ci');
      const shown = allText([first.body as DiscordMessage]).replace(/\s+/g, '');
      for (const s of view.sections) expect(shown).toContain(s.body.replace(/\s+/g, ''));
    } finally {
      expect(await h.close()).toEqual([]);
    }
  });
});

/** A pack whose one question has a worked solution of about 9,000 characters. */
function longSolutionPack(): string {
  const steps = Array.from({ length: 8 }, (_, i) => `${i + 1}. Step ${i + 1}\n   ${'Work it out carefully, line by line. '.repeat(30)}(end of step ${i + 1})`).join('\n');
  return `# Pack: Long solutions\n\nid: long-solutions\n\n## Lesson\n\n### The big idea\nSome solutions are long.\n\n### Key takeaways\n- Long solutions still arrive whole.\n\n## Question: q-long-solution\n\ndifficulty: easy\ntakeaway: 1\n\nWhich letter is first?\n\nA) A\nB) B\n\nanswer: A\n\n### Solution\n${steps}\n\n### Final answer\nTHE FINAL ANSWER IS A\n\n### Quick check\nA before B\n\n### Hint\nStart of the alphabet\n\n### Common mistakes\n- Picking B\n`;
}

describe('a long solution through the real adapter', () => {
  it('a long solution fits at every walkthrough step; Show all updates the reply, then ephemeral follow-ups in order, the final answer included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepwise-long-'));
    writeFileSync(join(dir, 'long.md'), longSolutionPack());
    const h = await startHarness({ content: dir });
    try {
      const { dropId, messageId } = await h.drop();
      const guild = h.fake.state.guild.id;
      const answer = h.press(h.learner.id, messageId, `stepwise:answer:${dropId}:A`);
      const first = await h.reply(answer);
      expect(first.flags).toBe(64);
      expect(allText([first.body as DiscordMessage])).toContain('THE FINAL ANSWER IS A');
      const ephemeral = h.replyMessage(answer);
      // Every step is one message the fake accepted (it refuses an embed over Discord's limits).
      for (let k = 1; k <= 8; k += 1) {
        const step = await h.update(h.press(h.learner.id, ephemeral, `stepwise:walk:${guild}:${dropId}:A:${k}`));
        expect(step.type).toBe(7);
        expect(allText([step.body as DiscordMessage])).toContain(`(end of step ${k})`);
      }
      const payload = h.press(h.learner.id, ephemeral, `stepwise:walk:${guild}:${dropId}:A:a`);
      const all = await h.update(payload);
      expect(all.type).toBe(7);
      const follow = await h.fake.waitForCall('POST', `/webhooks/${h.fake.state.applicationId}/${payload.token}`, { where: (c) => c.status === 200 });
      const callback = await h.fake.waitForCall('POST', `/interactions/${payload.id}/${payload.token}/callback`);
      expect(callback.at).toBeLessThanOrEqual(follow.at); // the follow-up went after the update, never beside it
      const parts = [all.body, follow.body as never].map((b) => allText([b as DiscordMessage]));
      expect(parts.join('\n')).toContain('(end of step 8)');
      expect(h.fake.callsTo('POST', `/webhooks/${h.fake.state.applicationId}/${payload.token}`).every((c) => c.status === 200 && (c.body as { flags?: number }).flags === 64)).toBe(true);
      const rest = h.fake.callsTo('POST', `/webhooks/${h.fake.state.applicationId}/${payload.token}`).map((c) => allText([c.body as DiscordMessage])).join('\n');
      expect(rest + parts[0]).toContain('THE FINAL ANSWER IS A');
    } finally {
      expect(await h.close()).toEqual([]);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

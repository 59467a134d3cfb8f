import type { APIEmbed } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { clip, clipMarkdown, fitEmbed, openFence } from '../../../src/adapters/discord/limits.ts';
import { emojiOf, letterOf, renderView } from '../../../src/adapters/discord/render.ts';
import type { FeedbackView, View } from '../../../src/core/views.ts';

const size = (e: APIEmbed) =>
  (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0) + (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);

const solution = { correctLetter: 'A', correctText: 'x', steps: [], finalAnswer: 'f', quickCheck: 'q', commonMistakes: [], hint: 'h' };

describe('Discord limits', () => {
  it('clips plain text without splitting an emoji', () => {
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('ab😀😀', 4)).toBe('ab…');
    expect(clip('short', 10)).toBe('short');
  });

  it('closes a code fence the cut lands in, and stays within the limit', () => {
    const text = `Look:\n\`\`\`python\n${'x = 1\n'.repeat(100)}\`\`\`\nDone.`;
    const out = clipMarkdown(text, 120);
    expect(out.length).toBeLessThanOrEqual(120);
    expect(openFence(out)).toBeNull();
    expect(out.endsWith('…\n```')).toBe(true);
    expect(clipMarkdown('no fences here at all', 10)).toBe('no fences…');
  });

  it('fits a huge embed under every limit, dropping trailing fields first', () => {
    const fields = Array.from({ length: 40 }, (_, i) => ({ name: `Step ${i} ${'n'.repeat(300)}`, value: 'v'.repeat(2000) }));
    const out = fitEmbed({ title: 't'.repeat(500), description: 'd'.repeat(5000), fields, footer: { text: 'f' } });
    expect(out.title!.length).toBe(256);
    expect(out.description!.length).toBeLessThanOrEqual(4096);
    expect(out.fields!.length).toBeLessThanOrEqual(25);
    expect(out.fields!.every((f) => f.name.length <= 256 && f.value.length <= 1024)).toBe(true);
    expect(size(out)).toBeLessThanOrEqual(6000);
  });

  it('maps letters to regional indicators and back, and nothing else', () => {
    expect(['A', 'B', 'C', 'D'].map(emojiOf).join('')).toBe('🇦🇧🇨🇩');
    expect(letterOf('🇩')).toBe('D');
    expect([letterOf('✅'), letterOf('A'), letterOf('🇦🇧'), letterOf(null)]).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('renderView', () => {
  it('renders every kind of view', () => {
    const feedback: FeedbackView = { kind: 'feedback', dropId: null, questionId: 'q-1', packTitle: 'P', difficulty: 'easy', prompt: 'p', chosen: 'A', correct: true, points: 0, solution };
    const views: View[] = [
      { kind: 'drop', dropId: 1, packId: 'p', packTitle: 'P', difficulty: 'easy', prompt: 'p', options: [{ letter: 'A', text: 'a' }], closesAt: 0, reactions: true },
      feedback,
      { kind: 'reveal', dropId: 1, packTitle: 'P', difficulty: 'easy', prompt: 'p', options: [{ letter: 'A', text: 'a', count: 0 }], total: 0, winners: [], moreWinners: 0, solution },
      { kind: 'leaderboard', period: 'week', label: 'this week', rows: [], players: 0 },
      { kind: 'stats', userId: 'u', name: 'U', points: 0, correct: 0, answered: 0, accuracy: 0, streak: 0, bestStreak: 0, packs: [], mastery: [{ packId: 'p', title: 'P', mastery: 0.5, unseen: 0.25 }], reviews: { done: 1, due: 2, nextDue: null } },
      { kind: 'packs', packs: [] },
      { kind: 'schedules', schedules: [] },
      { kind: 'help', sections: [{ title: 'Everyone', lines: [{ usage: '/quiz help', description: 'Help' }] }] },
      { kind: 'review', questionId: 'q-1', packTitle: 'P', difficulty: 'hard', prompt: 'p', options: [{ letter: 'A', text: 'a' }, { letter: 'B', text: 'b' }], dueAfter: 2, overdueMs: 0, reminder: true },
      { kind: 'lesson', packId: 'p', title: 'P', sections: [{ title: 'The big idea', body: 'Big' }], questions: 3 },
      { kind: 'insights', packId: null, hardest: [{ questionId: 'q', packTitle: 'P', prompt: 'Why?', answered: 4, accuracy: 0.25, topWrong: { letter: 'C', text: 'c', n: 3 } }], hints: [{ questionId: 'q', packTitle: 'P', asked: 2 }], labels: [{ questionId: 'q', packTitle: 'P', label: 'easy', answered: 4, accuracy: 0.25, suggest: 'harder' }], weeks: [{ start: 0, label: 'Mon 23 Nov', people: 2, answers: 4 }] },
      { kind: 'text', text: 'Hi', tone: 'info' },
    ];
    const rendered = views.map((v) => renderView(v, '123456789012345678'));
    expect(rendered.every((m) => m.content || m.embeds.length)).toBe(true);
    const [, fb, , , stats, , schedules, , review, lesson, insights, text] = rendered;
    expect(fb!.embeds[0]!.author?.name).toBe('Review · P · easy');
    expect(stats!.embeds[0]!.fields?.map((f) => f.name)).toEqual(['Points', 'Correct', 'Streak', 'Mastery (likely right now · never seen)', 'Reviews']);
    expect(schedules!.embeds[0]!.description).toMatch(/^No schedules yet/);
    expect(review!.embeds[0]!.title).toBe('⏰ Daily review: 3 questions due');
    expect(review!.components[0]!.components.map((b) => b.custom_id)).toEqual([
      'stepwise:review:123456789012345678:A:q-1',
      'stepwise:review:123456789012345678:B:q-1',
      'stepwise:rhint:123456789012345678:q-1',
    ]);
    expect(lesson!.embeds[0]!.fields).toEqual([{ name: 'The big idea', value: 'Big' }]);
    expect(insights!.embeds[0]!.fields?.[0]?.value).toBe('**25%** right of 4 · `q` Why? · most picked wrong: C) c (3)');
    expect(text).toEqual({ content: 'Hi', embeds: [], components: [] });
  });
});

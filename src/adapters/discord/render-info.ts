/** Embeds for the informational views: leaderboard, stats, packs, schedules, help, lesson, insights. */
import { escapeMarkdown, type APIEmbed } from 'discord.js';
import type { BoardRow, HelpView, InsightsView, LeaderboardView, PacksView, SchedulesView, StatsView } from '../../core/views.ts';
import { clip, fitEmbed } from './limits.ts';

/** The views rendered as one informational embed (a lesson is split over several: render.ts). */
export type InfoView = LeaderboardView | StatsView | PacksView | SchedulesView | HelpView | InsightsView;

const COLOR = 0x5865f2;
const pct = (x: number) => `${Math.round(x * 100)}%`;
const bar = (x: number, width = 10) => '█'.repeat(Math.round(x * width)).padEnd(width, '░');
const code = (s: string) => `\`${s.replaceAll('`', 'ˋ')}\``;
const name = (s: string) => escapeMarkdown(s);
/** A Discord user id is shown as a mention (never pinged: allowedMentions is empty); anything else as text. */
const who = (id: string) => (/^\d{17,20}$/.test(id) ? `<@${id}>` : name(id));

function leaderboard(v: LeaderboardView): APIEmbed {
  const row = (r: BoardRow) => `\`${String(r.rank).padStart(2)}.\` **${name(r.name)}** · ${r.points} pts · ${r.correct}/${r.answered} (${pct(r.accuracy)}) · streak ${r.streak}`;
  const lines = v.rows.length ? v.rows.map(row) : ['No answers yet in this period.'];
  if (v.me) lines.push('…', row(v.me));
  return { title: `🏆 Leaderboard, ${v.label}`, description: lines.join('\n'), footer: { text: `${v.players} player(s)` } };
}

function stats(v: StatsView): APIEmbed {
  const fields = [
    { name: 'Points', value: String(v.points), inline: true },
    { name: 'Correct', value: `${v.correct}/${v.answered} (${pct(v.accuracy)})`, inline: true },
    { name: 'Streak', value: `${v.streak} (best ${v.bestStreak})`, inline: true },
  ];
  if ((v.suggested ?? 0) > 0) fields.push({ name: 'Suggested', value: `${v.suggested} question${v.suggested === 1 ? '' : 's'} approved`, inline: true });
  if (v.packs.length) fields.push({ name: 'Per pack', value: v.packs.map((p) => `${name(p.title)}: ${p.correct}/${p.answered} (${pct(p.accuracy)})`).join('\n'), inline: false });
  const mastery = v.mastery ?? [];
  if (mastery.length) {
    fields.push({ name: 'Mastery (likely right now · never seen)', value: mastery.map((m) => `\`${bar(m.mastery)}\` ${pct(m.mastery)} · ${pct(m.unseen)} unseen · ${name(m.title)}`).join('\n'), inline: false });
  }
  if (v.reviews) {
    const next = v.reviews.nextDue !== null && v.reviews.due === 0 ? ` Next <t:${Math.floor(v.reviews.nextDue / 1000)}:R>.` : '';
    fields.push({ name: 'Reviews', value: `${v.reviews.done} done, ${v.reviews.due} due now${v.reviews.due ? ' (`/quiz review next`)' : ''}.${next}`, inline: false });
  }
  return { title: `📊 ${name(v.name)}`, fields };
}

function packs(v: PacksView): APIEmbed {
  const lines = v.packs.map(
    (p) => `**${name(p.title)}** ${code(p.id)} · ${p.questions} questions (${p.byDifficulty.easy} easy, ${p.byDifficulty.medium} medium, ${p.byDifficulty.hard} hard)`,
  );
  return { title: `📚 ${v.packs.length} pack(s)`, description: lines.join('\n') || 'No packs are loaded.' };
}

function schedules(v: SchedulesView): APIEmbed {
  if (!v.schedules.length) return { title: '⏰ Schedules', description: 'No schedules yet. Add one with `/quiz schedule add cron:0 9 * * 1-5`.' };
  const lines = v.schedules.map(
    (s) =>
      `**#${s.id}** ${code(s.cron)} (${s.tz}) in <#${s.channel}>${s.packId ? ` · pack ${code(s.packId)}` : ''}${s.difficulty ? ` · ${s.difficulty}` : ''}${s.paused ? ' · ⏸ paused' : ''} · by ${who(s.createdBy)}`,
  );
  return { title: '⏰ Schedules', description: lines.join('\n') };
}

function help(v: HelpView): APIEmbed {
  const sections = v.sections.map((s) => `**${s.title}**\n${s.lines.map((l) => `${code(l.usage)}\n${l.description}`).join('\n')}`);
  return { title: 'Stepwise commands', description: sections.join('\n\n') };
}

function insights(v: InsightsView): APIEmbed {
  const hardest = v.hardest.map((h) => {
    const wrong = h.topWrong ? ` · most picked wrong: ${h.topWrong.letter}) ${clip(h.topWrong.text, 80)} (${h.topWrong.n})` : '';
    return `**${pct(h.accuracy)}** right of ${h.answered} · ${code(h.questionId)} ${clip(h.prompt.split('\n')[0] ?? '', 80)}${wrong}`;
  });
  const weeks = v.weeks.map((w) => `${w.label}: ${w.people} people, ${w.answers} answers`);
  const hints = v.hints.map((h) => `${code(h.questionId)}: ${h.asked} hint request(s)`);
  const labels = v.labels.map((l) => `${code(l.questionId)}: labelled ${l.label}, **${pct(l.accuracy)}** right of ${l.answered}, looks ${l.suggest}`);
  return {
    title: `🔎 Insights${v.packId ? ` for ${v.packId}` : ''}`,
    fields: [
      { name: 'Hardest questions first', value: hardest.join('\n') || 'No answers yet.' },
      { name: 'Hints asked for', value: hints.join('\n') || 'No hints asked for yet.' },
      { name: 'Labels the answers disagree with', value: labels.join('\n') || 'None (or not enough answers yet).' },
      { name: 'Participation per week', value: weeks.join('\n') || 'No answers yet.' },
    ],
  };
}

/** One embed for an informational view, within Discord's limits. */
export function infoEmbed(view: InfoView): APIEmbed {
  const build = { leaderboard, stats, packs, schedules, help, insights }[view.kind] as (v: InfoView) => APIEmbed;
  return fitEmbed({ color: COLOR, ...build(view) });
}

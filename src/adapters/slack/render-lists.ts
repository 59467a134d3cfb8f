/** Leaderboards, stats, packs, schedules, help and the App Home as Block Kit. Names are escaped, never mentions. */
import type { types } from '@slack/bolt';
import { shortDateTime } from '../../core/time.ts';
import type { BoardRow, FeedbackView, HelpView, LeaderboardView, PacksView, SchedulesView, StatsView, View } from '../../core/views.ts';
import { button, context, divider, header, message, section, type SlackMessage } from './blocks.ts';
import { channelLink, escapeText as esc, fallbackText } from './mrkdwn.ts';
import { SHARE_ACTION } from './refs.ts';

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** How a leaderboard is shown. */
export interface BoardOptions {
  /** Add the "Share in channel" button (ephemeral boards). */
  share?: boolean;
  /** Who shared a public board (shown, not mentioned). */
  sharedBy?: string;
}

function boardLine(r: BoardRow): string {
  const medal = r.rank === 1 ? '🥇' : r.rank === 2 ? '🥈' : r.rank === 3 ? '🥉' : `${r.rank}.`;
  return `${medal} *${esc(r.name)}* · ${r.points} pts · ${r.correct}/${r.answered} (${pct(r.accuracy)}) · streak ${r.streak}`;
}

function boardBody(v: LeaderboardView): string {
  if (!v.rows.length) return 'No answers yet in this period.';
  const lines = v.rows.map(boardLine);
  if (v.me) lines.push('…', boardLine(v.me));
  return lines.join('\n');
}

/** A leaderboard; with `share`, a button that posts it in the channel. */
export function leaderboardMessage(v: LeaderboardView, opts: BoardOptions = {}): SlackMessage {
  const title = `🏆 Leaderboard, ${esc(v.label)}`;
  const blocks: types.KnownBlock[] = [section(`*${title}* · ${v.players} player${v.players === 1 ? '' : 's'}`), section(boardBody(v))];
  if (opts.sharedBy) blocks.push(context(`Shared by ${esc(opts.sharedBy)}`));
  if (opts.share) {
    blocks.push({ type: 'actions', block_id: 'stepwise_share', elements: [button(SHARE_ACTION, 'Share in channel', v.period, 'primary')] });
  }
  return message(fallbackText(`🏆 Leaderboard, ${v.label}: ${v.players} player(s)`), blocks);
}

function statsLine(v: StatsView): string {
  return `*${v.points}* point${v.points === 1 ? '' : 's'} · ${v.correct}/${v.answered} correct (${pct(v.accuracy)}) · streak *${v.streak}* (best ${v.bestStreak})`;
}

const bar = (x: number, width = 10) => '█'.repeat(Math.round(x * width)).padEnd(width, '░');

/** Per-pack accuracy, mastery and reviews: everything below the headline. */
function statsDetail(v: StatsView, tz: string): string[] {
  const out: string[] = [];
  if (v.packs.length) out.push(v.packs.map((p) => `• ${esc(p.title)}: ${p.correct}/${p.answered} (${pct(p.accuracy)})`).join('\n'));
  if (v.mastery.length) {
    out.push(`*Mastery* (likely right now · never seen)\n${v.mastery.map((m) => `\`${bar(m.mastery)}\` ${pct(m.mastery)} · ${pct(m.unseen)} unseen · ${esc(m.title)}`).join('\n')}`);
  }
  const next = v.reviews.nextDue !== null && !v.reviews.due ? ` · next ${esc(shortDateTime(v.reviews.nextDue, tz))}` : '';
  out.push(`*Reviews:* ${v.reviews.done} done, ${v.reviews.due} due now${v.reviews.due ? ' (`/quiz review`)' : ''}${next}`);
  if (v.suggested) out.push(`💡 *Suggested questions approved:* ${v.suggested}`);
  return out;
}

/** A person's stats; times in the workspace's zone the view carries, else `tz`. */
export function statsMessage(v: StatsView, tz: string): SlackMessage {
  const blocks: types.KnownBlock[] = [section(`📊 *${esc(v.name)}*: ${statsLine(v)}`), ...statsDetail(v, v.tz ?? tz).map(section)];
  return message(fallbackText(`📊 ${v.name}: ${v.points} points, streak ${v.streak}`), blocks);
}

/** The loaded packs. */
export function packsMessage(v: PacksView): SlackMessage {
  const lines = v.packs.map(
    (p) => `• \`${esc(p.id)}\` *${esc(p.title)}* · ${p.questions} questions (${p.byDifficulty.easy} easy, ${p.byDifficulty.medium} medium, ${p.byDifficulty.hard} hard)`,
  );
  return message(`📚 ${v.packs.length} pack(s)`, [section(`📚 *${v.packs.length} pack(s)*`), section(lines.join('\n') || 'No packs are loaded.')]);
}

/** The workspace's schedules. */
export function schedulesMessage(v: SchedulesView): SlackMessage {
  if (!v.schedules.length) {
    return message('No schedules yet.', [section('No schedules yet. Add one with `/quiz schedule add "0 9 * * 1-5"`.')]);
  }
  const lines = v.schedules.map((s) =>
    [
      `• *#${s.id}* \`${esc(s.cron)}\` (${esc(s.tz)}) in ${channelLink(s.channel)}`,
      s.packId ? ` · pack ${esc(s.packId)}` : '',
      s.difficulty ? ` · ${s.difficulty}` : '',
      s.paused ? ' · _paused_' : '',
    ].join(''),
  );
  return message(`⏰ ${v.schedules.length} schedule(s)`, [section('⏰ *Schedules*'), section(lines.join('\n'))]);
}

/** Command help from the one command spec. */
export function helpMessage(v: HelpView): SlackMessage {
  const blocks = v.sections.map((s) => section(`*${esc(s.title)}*\n${s.lines.map((l) => `\`${esc(l.usage)}\`\n      ${esc(l.description)}`).join('\n')}`));
  return message('Stepwise commands', [section('Stepwise posts questions; answer with the buttons, a reaction or `/quiz answer`.'), ...blocks]);
}

/** One line per recent result: an ephemeral may never arrive, so the App Home keeps them findable. */
function resultLines(results: readonly View[]): string {
  const lines = results
    .filter((v): v is FeedbackView => v.kind === 'feedback')
    .map((v) => {
      const mark = v.correct ? '✅' : '❌';
      const about = v.dropId === null ? 'Review' : `Question #${v.dropId}`;
      const right = `${v.solution.correctLetter}) ${fallbackText(v.solution.correctText, 80)}`;
      return `${mark} *${about}* · ${esc(v.packTitle)} · you picked *${esc(v.chosen)}*${v.correct ? '' : `, the answer is *${right}*`}`;
    });
  return lines.length ? lines.join('\n') : 'No answers yet.';
}

/** The App Home tab: the user's stats, their last results, and the workspace's weekly leaderboard. */
export function homeView(stats: StatsView, board: LeaderboardView, tz: string, results: readonly View[] = []): types.HomeView {
  const blocks: types.KnownBlock[] = [header('Stepwise'), section(`*Your stats* (all time)\n${statsLine(stats)}`), ...statsDetail(stats, stats.tz ?? tz).map(section)];
  blocks.push(divider(), section(`*Your last results*\n${resultLines(results)}`), context('`/quiz result` shows your latest worked solution again; `/quiz result <number>` any question’s.'));
  blocks.push(divider(), section(`*🏆 Leaderboard, ${esc(board.label)}* · ${board.players} player${board.players === 1 ? '' : 's'}`), section(boardBody(board)));
  blocks.push(context('Answer questions in channels with the buttons, a reaction or `/quiz answer <letter>`. `/quiz review` brings back what you missed; `/quiz help` lists every command.'));
  return { type: 'home', blocks: message('', blocks).blocks };
}

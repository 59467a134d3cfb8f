/** The leaderboard card: a podium for the first three, ranks 4 to 10 as rows, the caller's own rank below. */
import type { BoardRow, LeaderboardView } from '../core/views.ts';
import { box, C, card, pct, text, type Surface } from './canvas.ts';

export const LEADERBOARD_SIZE = { width: 800, height: 720 } as const;
/** Rows the card ever draws: the top ten and the caller's own. Its work does not grow with the players. */
export const CARD_ROWS = 10;

const MEDALS = [C.gold, C.silver, C.bronze];
const ROW_H = 38;

/** Draws the card; `rows` counts the board rows drawn (a test checks it stays bounded). */
export function drawLeaderboard(view: LeaderboardView): { surface: Surface; rows: number } {
  const { width, height } = LEADERBOARD_SIZE;
  const title = view.champion ? `👑 Champion of the week: ${view.champion.name}` : '🏆 Leaderboard';
  const s = card(width, height, title, `${view.label} · ${view.players} player${view.players === 1 ? '' : 's'}`);
  const { ctx } = s;
  const top = view.rows.slice(0, CARD_ROWS);
  if (top.length === 0) {
    text(ctx, 'No answers in this period yet.', width / 2, 330, { size: 22, color: C.muted, align: 'center' });
    return { surface: s, rows: 0 };
  }
  let drawn = 0;
  // Podium: second on the left, first in the middle (tallest), third on the right.
  const slots = [
    { i: 1, x: 60, h: 120 },
    { i: 0, x: 300, h: 160 },
    { i: 2, x: 540, h: 90 },
  ];
  const base = 330;
  for (const { i, x, h } of slots) {
    const row = top[i];
    if (!row) continue;
    drawn += 1;
    box(ctx, x, base - h, 200, h, 10, C.panel);
    box(ctx, x, base - h, 200, 6, 3, MEDALS[i]!);
    text(ctx, `#${row.rank}`, x + 100, base - h + 40, { size: 26, bold: true, color: MEDALS[i]!, align: 'center' });
    text(ctx, `${row.points} pts`, x + 100, base - h + 72, { size: 18, align: 'center' });
    text(ctx, row.name, x + 100, base - h - 14, { size: 20, bold: true, align: 'center', max: 196 });
    if (h > 100) text(ctx, `${pct(row.accuracy)} · 🔥 ${row.streak}`, x + 100, base - h + 100, { size: 15, color: C.muted, align: 'center' });
  }
  // Ranks 4-10 as a table.
  let y = 380;
  text(ctx, 'Rank', 48, y - 12, { size: 14, color: C.muted });
  text(ctx, 'Player', 120, y - 12, { size: 14, color: C.muted });
  text(ctx, 'Points', 560, y - 12, { size: 14, color: C.muted, align: 'right' });
  text(ctx, 'Right', 660, y - 12, { size: 14, color: C.muted, align: 'right' });
  text(ctx, 'Streak', 760, y - 12, { size: 14, color: C.muted, align: 'right' });
  for (const row of top.slice(3)) {
    drawRow(s, row, y, false);
    drawn += 1;
    y += ROW_H;
  }
  if (view.me) {
    const meY = height - ROW_H - 16;
    ctx.fillStyle = C.line;
    ctx.fillRect(32, meY - 10, width - 64, 1);
    drawRow(s, view.me, meY, true);
    drawn += 1;
  }
  return { surface: s, rows: drawn };
}

function drawRow(s: Surface, row: BoardRow, y: number, mine: boolean): void {
  const { ctx } = s;
  box(ctx, 32, y, s.width - 64, ROW_H - 6, 6, mine ? '#1e3a5f' : C.panel);
  const mid = y + 22;
  text(ctx, `${row.rank}.`, 48, mid, { size: 17, bold: true, color: mine ? C.accent : C.text });
  text(ctx, mine ? `${row.name} (you)` : row.name, 120, mid, { size: 17, max: 340 });
  text(ctx, String(row.points), 560, mid, { size: 17, bold: true, align: 'right' });
  text(ctx, `${row.correct}/${row.answered} (${pct(row.accuracy)})`, 660, mid, { size: 15, color: C.muted, align: 'right' });
  text(ctx, `🔥 ${row.streak}`, 760, mid, { size: 16, align: 'right' });
}

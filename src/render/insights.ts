/** The insights chart: people answering per week, and the hardest questions with the wrong pick they draw. */
import type { InsightsView } from '../core/views.ts';
import { box, C, card, pct, text, type Surface } from './canvas.ts';

export const INSIGHTS_SIZE = { width: 800, height: 640 } as const;
/** Hardest questions drawn. */
export const INSIGHTS_HARDEST = 5;

/** Draws the chart. */
export function drawInsights(view: InsightsView): Surface {
  const { width, height } = INSIGHTS_SIZE;
  const s = card(width, height, `🔎 Insights${view.packId ? ` · ${view.packId}` : ''}`, 'People answering per week, and where answers go wrong');
  const { ctx } = s;

  // People per week, as columns.
  const chartTop = 120;
  const chartH = 150;
  const weeks = view.weeks;
  const most = Math.max(1, ...weeks.map((w) => w.people));
  const colW = weeks.length ? Math.floor((width - 64) / weeks.length) : 0;
  weeks.forEach((w, i) => {
    const x = 32 + i * colW;
    const h = Math.round((chartH * w.people) / most);
    box(ctx, x + 10, chartTop + chartH - h, colW - 20, h, 6, C.accent);
    text(ctx, String(w.people), x + colW / 2, chartTop + chartH - h - 6, { size: 15, bold: true, align: 'center' });
    text(ctx, w.label, x + colW / 2, chartTop + chartH + 20, { size: 12, color: C.muted, align: 'center', max: colW - 4 });
  });
  ctx.fillStyle = C.line;
  ctx.fillRect(32, chartTop + chartH, width - 64, 1);

  text(ctx, 'Hardest questions', 32, 330, { size: 18, bold: true });
  const hardest = view.hardest.slice(0, INSIGHTS_HARDEST);
  if (hardest.length === 0) text(ctx, 'No answers yet.', 32, 362, { size: 16, color: C.muted });
  hardest.forEach((q, i) => {
    const y = 344 + i * 56;
    box(ctx, 32, y, width - 64, 50, 8, C.panel);
    box(ctx, 32, y, 6, 50, 3, q.accuracy < 0.5 ? C.bad : C.gold);
    text(ctx, q.prompt, 48, y + 21, { size: 15, max: width - 200 });
    text(ctx, `${pct(q.accuracy)} right of ${q.answered}`, width - 48, y + 21, { size: 14, bold: true, align: 'right', color: q.accuracy < 0.5 ? C.bad : C.gold });
    const wrong = q.topWrong ? `Most picked wrong: ${q.topWrong.letter}) ${q.topWrong.text} (${q.topWrong.n})` : 'No wrong answers';
    text(ctx, wrong, 48, y + 42, { size: 13, color: C.muted, max: width - 96 });
  });
  return s;
}

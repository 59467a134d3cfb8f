/** The report card: points and streaks, mastery per pack as bars, and an eight-week calendar of answers. */
import type { StatsView } from '../core/views.ts';
import { box, C, card, pct, text, type Surface } from './canvas.ts';

export const REPORT_SIZE = { width: 800, height: 600 } as const;
/** Packs drawn as bars; more would not fit (the text lists them all). */
export const REPORT_PACKS = 5;
const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Draws the report card. */
export function drawReport(view: StatsView): Surface {
  const { width, height } = REPORT_SIZE;
  const s = card(width, height, `📊 ${view.name}`, `${view.correct}/${view.answered} right (${pct(view.accuracy)}) · ${view.reviews.done} reviews done, ${view.reviews.due} due`);
  const { ctx } = s;
  const tiles: [string, string][] = [
    ['Points', String(view.points)],
    ['Streak', `🔥 ${view.streak}`],
    ['Best streak', String(view.bestStreak)],
  ];
  tiles.forEach(([label, value], i) => {
    const x = 32 + i * 248;
    box(ctx, x, 100, 232, 84, 10, C.panel);
    text(ctx, label, x + 16, 128, { size: 15, color: C.muted });
    text(ctx, value, x + 16, 168, { size: 30, bold: true });
  });

  text(ctx, 'Mastery', 32, 222, { size: 17, bold: true });
  legend(s, 140, 222);
  const packs = view.mastery.slice(0, REPORT_PACKS);
  if (packs.length === 0) text(ctx, 'No packs loaded.', 32, 254, { size: 16, color: C.muted });
  packs.forEach((p, i) => {
    const y = 238 + i * 36;
    text(ctx, p.title, 32, y + 20, { size: 15, max: 220 });
    const x = 264;
    const w = 380;
    box(ctx, x, y + 6, w, 18, 9, C.panel);
    // Likely-right share from the left, never-seen share from the right; the rest is seen but shaky.
    box(ctx, x, y + 6, Math.round(w * p.mastery), 18, 9, C.good);
    box(ctx, x + w - Math.round(w * p.unseen), y + 6, Math.round(w * p.unseen), 18, 9, C.unseen);
    text(ctx, `${pct(p.mastery)} · ${pct(p.unseen)} new`, width - 32, y + 20, { size: 14, color: C.muted, align: 'right' });
  });

  drawCalendar(s, view.calendar, 32, 436);
  return s;
}

function legend(s: Surface, x: number, y: number): void {
  const { ctx } = s;
  box(ctx, x, y - 11, 12, 12, 3, C.good);
  text(ctx, 'likely right now', x + 18, y, { size: 13, color: C.muted });
  box(ctx, x + 140, y - 11, 12, 12, 3, C.unseen);
  text(ctx, 'never seen', x + 158, y, { size: 13, color: C.muted });
}

/** Eight weeks as columns, Monday on top, a darker-to-brighter cell per day by answers. */
function drawCalendar(s: Surface, calendar: StatsView['calendar'], x0: number, y0: number): void {
  const { ctx } = s;
  const days = calendar?.days ?? [];
  const total = days.reduce((a, b) => a + b, 0);
  text(ctx, `Last 8 weeks: ${total} answer${total === 1 ? '' : 's'}`, x0, y0 - 8, { size: 17, bold: true });
  const cell = 16;
  const gap = 4;
  DAYS.forEach((d, i) => {
    if (i % 2 === 0) text(ctx, d, x0, y0 + 14 + i * (cell + gap), { size: 11, color: C.muted });
  });
  const most = Math.max(1, ...days);
  for (let i = 0; i < 56; i += 1) {
    const n = days[i] ?? 0;
    const x = x0 + 40 + Math.floor(i / 7) * (cell + gap);
    const y = y0 + Math.floor(i % 7) * (cell + gap);
    box(ctx, x, y, cell, cell, 3, n === 0 ? C.panel : shade(n / most));
  }
}

/** Green from dim to bright by share of the busiest day. */
function shade(share: number): string {
  const steps = ['#14532d', '#166534', '#15803d', '#16a34a', '#22c55e'];
  return steps[Math.min(steps.length - 1, Math.floor(share * steps.length))]!;
}

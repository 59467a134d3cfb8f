/** The reveal chart: how many picked each option, the right one marked. */
import type { RevealView } from '../core/views.ts';
import { box, C, card, pct, text, type Surface } from './canvas.ts';

export const REVEAL_WIDTH = 720;
const BAR_H = 56;

/** The chart's height for a number of options. */
export function revealHeight(options: number): number {
  return 120 + options * BAR_H + 24;
}

/** Draws the chart. */
export function drawReveal(view: RevealView): Surface {
  const s = card(REVEAL_WIDTH, revealHeight(view.options.length), `Question #${view.dropId} · ${view.packTitle}`, `${view.total} answer${view.total === 1 ? '' : 's'} · the right answer is ${view.solution.correctLetter}`);
  const { ctx } = s;
  const most = Math.max(1, ...view.options.map((o) => o.count));
  view.options.forEach((o, i) => {
    const y = 112 + i * BAR_H;
    const right = o.letter === view.solution.correctLetter;
    text(ctx, right ? `✅ ${o.letter}` : `   ${o.letter}`, 32, y + 30, { size: 20, bold: true, color: right ? C.good : C.text });
    const x = 100;
    const w = REVEAL_WIDTH - x - 140;
    box(ctx, x, y + 8, w, 32, 8, C.panel);
    box(ctx, x, y + 8, Math.round((w * o.count) / most), 32, 8, right ? C.good : C.unseen);
    text(ctx, o.text, x + 12, y + 30, { size: 15, max: w - 24 });
    const share = view.total ? o.count / view.total : 0;
    text(ctx, `${o.count} (${pct(share)})`, REVEAL_WIDTH - 32, y + 30, { size: 17, align: 'right', color: right ? C.good : C.muted });
  });
  return s;
}

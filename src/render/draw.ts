/** One view in, PNG bytes out: the picture for each kind of view. Runs in the render worker. */
import type { PictureView } from './describe.ts';
import { png } from './canvas.ts';
import { registerFonts } from './fonts.ts';
import { drawInsights } from './insights.ts';
import { drawLeaderboard } from './leaderboard.ts';
import { drawReport } from './report.ts';
import { drawReveal } from './reveal.ts';

/** A drawn picture; `rows` is how many board rows were drawn (leaderboard only), the work a board costs. */
export interface Drawn {
  bytes: Uint8Array;
  width: number;
  height: number;
  rows?: number;
}

/** Draws `view` with the shipped fonts. Synchronous: call it in the worker, never on the main thread. */
export function draw(view: PictureView): Drawn {
  registerFonts();
  if (view.kind === 'leaderboard') {
    const { surface, rows } = drawLeaderboard(view);
    return { bytes: png(surface), width: surface.width, height: surface.height, rows };
  }
  const surface = view.kind === 'stats' ? drawReport(view) : view.kind === 'reveal' ? drawReveal(view) : drawInsights(view);
  return { bytes: png(surface), width: surface.width, height: surface.height };
}

/**
 * Which views have a picture, its file name, and its alt text: one line said from the same view the picture
 * is drawn from. No canvas here: the main thread uses it without loading Skia.
 */
import type { View } from '../core/views.ts';

/** The views drawn as pictures. */
export type PictureView = Extract<View, { kind: 'leaderboard' | 'stats' | 'reveal' | 'insights' }>;

/** True for a view that has a picture. */
export function hasPicture(view: View): view is PictureView {
  return view.kind === 'leaderboard' || view.kind === 'stats' || view.kind === 'reveal' || view.kind === 'insights';
}

const pct = (share: number) => `${Math.round(share * 100)}%`;

/** The picture's file name. */
export function fileName(view: PictureView): string {
  if (view.kind === 'leaderboard') return view.champion ? 'weekly-summary.png' : 'leaderboard.png';
  if (view.kind === 'stats') return 'report-card.png';
  if (view.kind === 'reveal') return `reveal-${view.dropId}.png`;
  return 'insights.png';
}

/** Alt text: what the picture shows, in one line. */
export function describe(view: PictureView): string {
  switch (view.kind) {
    case 'leaderboard': {
      const first = view.rows[0];
      const lead = first ? `${first.name} leads with ${first.points} points` : 'no answers yet';
      const head = view.champion ? `Weekly summary, ${view.label}: champion ${view.champion.name} with ${view.champion.points} points` : `Leaderboard, ${view.label}: ${lead}`;
      return `${head}; top ${Math.min(view.rows.length, 10)} of ${view.players} players${view.me ? `; you are #${view.me.rank}` : ''}.`;
    }
    case 'stats': {
      const answered = view.calendar?.days.reduce((a, b) => a + b, 0) ?? 0;
      return `Report card for ${view.name}: ${view.points} points, streak ${view.streak} (best ${view.bestStreak}), ${pct(view.accuracy)} right; ${answered} answers in the last eight weeks.`;
    }
    case 'reveal': {
      const picks = view.options.map((o) => `${o.letter} ${o.count}`).join(', ');
      return `Question #${view.dropId}: ${view.total} answers (${picks}); the right answer is ${view.solution.correctLetter}.`;
    }
    case 'insights': {
      const people = view.weeks.map((w) => w.people).join(', ');
      const hardest = view.hardest[0];
      return `Insights: people per week ${people || 'none'}${hardest ? `; hardest question ${pct(hardest.accuracy)} right` : ''}.`;
    }
  }
}

/** Streaks: consecutive drops of a workspace answered correctly. */
import type { StreakRow } from './ports.ts';

/** Current and best streak from a person's drop history, oldest first. */
export function streaks(rows: StreakRow[]): { current: number; best: number } {
  let run = 0;
  let best = 0;
  for (const row of rows) {
    if (row.correct === true) {
      run += 1;
      best = Math.max(best, run);
    } else if (row.state === 'open' && row.correct === null) {
      // Still open and not answered yet: the streak is not broken until it closes.
      continue;
    } else {
      run = 0;
    }
  }
  return { current: run, best };
}

/** The current streak from history newest first, reading only as far back as the first miss. */
export function currentStreak(newestFirst: Iterable<StreakRow>): number {
  let run = 0;
  for (const row of newestFirst) {
    if (row.correct === true) run += 1;
    else if (row.state === 'open' && row.correct === null) continue;
    else break;
  }
  return run;
}

/** Progress lines for long imports: every `every` questions or `intervalMs`, whichever comes first. */

/** A reporter: `tick(done)` after each question, `finish()` once at the end. */
export interface Progress {
  tick(done: number): void;
  finish(): void;
}

/** Settings for createProgress; `now` is in milliseconds (time is an argument, for tests). */
export interface ProgressOptions {
  total: number;
  write: (line: string) => void;
  now: () => number;
  every?: number;
  intervalMs?: number;
}

/** Writes `imported 3000/12000 questions…` lines, and a last one for the total. */
export function createProgress({ total, write, now, every = 1000, intervalMs = 1000 }: ProgressOptions): Progress {
  let last = now();
  let shown = 0;
  const show = (done: number, end: string) => {
    write(`imported ${done}/${total} questions${end}\n`);
    [last, shown] = [now(), done];
  };
  return {
    tick(done) {
      if (done % every === 0 || now() - last >= intervalMs) show(done, done === total ? '.' : '…');
    },
    finish() {
      if (shown !== total) show(total, '.');
    },
  };
}

/** A reporter that writes nothing (stderr is not a terminal and --progress was not given). */
export const NO_PROGRESS: Progress = { tick() {}, finish() {} };

/**
 * `generate` on its own thread, started by `generateFile`: the generator's garbage (its running totals,
 * millions of short-lived rows) stays in this thread's heap and goes with it, so the process measured
 * afterwards carries only what the bot carries, and its GC pauses are the bot's.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../src/store/index.ts';
import { generate, type QuestionRef, type Shape } from './generate.ts';

const { path, shape, questions } = workerData as { path: string; shape: Shape; questions: QuestionRef[] };
const db = openDatabase(path);
try {
  const built = generate(db, shape, questions, (done, total) => parentPort!.postMessage({ done, total }));
  // The file as the bench opens it: everything in the database file, no -wal.
  db.pragma('wal_checkpoint(TRUNCATE)');
  parentPort!.postMessage({ built });
} finally {
  db.close();
}

/** Spaced repetition with ts-fsrs: grading a card, and how likely a person is to recall it now. */
import { createEmptyCard, fsrs, Rating, type Card, type Grade } from 'ts-fsrs';
import type { CardState } from './ports.ts';

/** No fuzz: the same history always gives the same schedule, which people (and tests) can rely on. */
const scheduler = fsrs({ enable_fuzz: false });

function toFsrs(c: CardState): Card {
  return {
    due: new Date(c.due),
    stability: c.stability,
    difficulty: c.difficulty,
    elapsed_days: c.elapsedDays,
    scheduled_days: c.scheduledDays,
    learning_steps: c.learningSteps,
    reps: c.reps,
    lapses: c.lapses,
    state: c.state,
    ...(c.lastReview !== null ? { last_review: new Date(c.lastReview) } : {}),
  };
}

function fromFsrs(c: Card): CardState {
  return {
    due: c.due.getTime(),
    stability: c.stability,
    difficulty: c.difficulty,
    elapsedDays: c.elapsed_days,
    scheduledDays: c.scheduled_days,
    learningSteps: c.learning_steps,
    reps: c.reps,
    lapses: c.lapses,
    state: c.state,
    lastReview: c.last_review ? c.last_review.getTime() : null,
  };
}

/** Wrong rates Again; right after a hint rates Hard; else Good, or Easy when answered within `easyMs`. */
export function ratingFor(correct: boolean, elapsedMs: number, easyMs: number, hinted = false): Grade {
  if (!correct) return Rating.Again;
  if (hinted) return Rating.Hard;
  return elapsedMs <= easyMs ? Rating.Easy : Rating.Good;
}

/** The card after a review at `now` (a new card when `card` is undefined). */
export function reviewCard(card: CardState | undefined, rating: Grade, now: number): CardState {
  const current = card ? toFsrs(card) : createEmptyCard(new Date(now));
  return fromFsrs(scheduler.next(current, new Date(now), rating).card);
}

/** Probability of recalling the card at `now`, 0..1. */
export function recall(card: CardState, now: number): number {
  return scheduler.get_retrievability(toFsrs(card), new Date(now), false);
}

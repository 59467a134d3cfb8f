/** The tutor with its answer entry points timed into the answer-path histogram; everything else untouched. */
import type { Tutor } from '../core/tutor.ts';
import type { Metrics } from './metrics.ts';

/** `tutor` as adapters see it, with each answer call observed in `stepwise_answer_duration_seconds`. */
export function timeAnswers(tutor: Tutor, metrics: Metrics): Tutor {
  const timed = <A extends unknown[], R>(platformOf: (...args: A) => string, fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const end = metrics.answerSeconds.startTimer({ platform: platformOf(...args) });
      try {
        return await fn(...args);
      } finally {
        end();
      }
    };
  return {
    ...tutor,
    answerInChannel: timed((channel) => channel.platform, tutor.answerInChannel),
    answerDropId: timed((scope) => scope.platform, tutor.answerDropId),
    answerByMessage: timed((platform) => platform, tutor.answerByMessage),
    answerReview: timed((scope) => scope.platform, tutor.answerReview),
  };
}

/** View-models to plain text for the terminal chat. */
import { shortDateTime } from '../../core/time.ts';
import type { FeedbackView, RevealView, SolutionPart, SuggestionsView, View } from '../../core/views.ts';

const pct = (x: number) => `${Math.round(x * 100)}%`;
const bar = (x: number, width = 10) => '█'.repeat(Math.round(x * width)).padEnd(width, '░');
const indent = (text: string, pad = '  ') => text.split('\n').map((l) => pad + l).join('\n');

function solution(s: SolutionPart): string[] {
  const out = ['Solution, step by step:'];
  s.steps.forEach((step, i) => out.push(`  ${i + 1}. ${step.title}`, indent(step.explanation, '     ')));
  out.push(`Final answer: ${s.finalAnswer}`, `Quick check: ${s.quickCheck}`, 'Common mistakes:');
  for (const m of s.commonMistakes) out.push(`  - ${m}`);
  if (s.takeaway) out.push(`Key takeaway: ${s.takeaway}`);
  return out;
}

function feedback(v: FeedbackView): string[] {
  const right = `${v.solution.correctLetter}) ${v.solution.correctText}`;
  const hinted = v.hinted ? ' with hint' : '';
  const head = v.correct
    ? `✅ Correct${hinted}: ${right}${v.note ? '' : ` (+${v.points} point${v.points === 1 ? '' : 's'})`}`
    : `❌ Not quite${hinted}: you picked ${v.chosen}. The answer is ${right}.`;
  const stage = v.stage ?? 'all';
  if (stage === 'all') {
    const out = [head];
    if (v.note) out.push(v.note);
    if (v.whyNot) out.push(`Why ${v.chosen} tempts: ${v.whyNot}`);
    return [...out, ...solution(v.solution)];
  }
  const s = v.solution;
  const n = s.steps.length;
  if (stage === 'start') {
    const out = [head];
    if (v.note) out.push(v.note);
    if (v.whyNot) out.push(`Why ${v.chosen} tempts: ${v.whyNot}`);
    out.push(`Final answer: ${s.finalAnswer}`, `Walk me through it: type next (${n} step${n === 1 ? '' : 's'}), or all for the whole solution.`);
    return out;
  }
  if (stage === 'end') {
    const out = [`Quick check: ${s.quickCheck}`];
    if (s.commonMistakes.length) out.push('Common mistakes:', ...s.commonMistakes.map((m) => `  - ${m}`));
    if (s.takeaway) out.push(`Key takeaway: ${s.takeaway}`);
    return out;
  }
  const step = s.steps[stage - 1];
  if (!step) return [`Final answer: ${s.finalAnswer}`];
  return [`Step ${stage} of ${n}: ${step.title}`, indent(step.explanation), `▶ next: ${stage < n ? 'the next step' : 'the quick check and common mistakes'} · all: the whole solution`];
}

function reveal(v: RevealView): string[] {
  const out = [`🔔 Question #${v.dropId} is closed. The answer: ${v.solution.correctLetter}) ${v.solution.correctText}`];
  for (const o of v.options) out.push(`  ${o.letter}) ${o.count} ${o.letter === v.solution.correctLetter ? '✅' : ''}`.trimEnd());
  const names = v.winners.join(', ') + (v.moreWinners ? ` and ${v.moreWinners} more` : '');
  out.push(v.winners.length ? `Got it right: ${names}` : `Nobody got it right this time (${v.total} answered).`);
  return [...out, ...solution(v.solution), ...(v.credit ? [`✍️ Suggested by ${v.credit}`] : [])];
}

function suggestions(v: SuggestionsView, tz: string): string[] {
  const out = [`📮 ${v.pending} suggestion(s) waiting for review${v.pending > v.items.length ? `; the oldest ${v.items.length}` : ''}:`];
  for (const s of v.items) {
    out.push(
      '',
      `#${s.id} by ${s.authorName} · ${shortDateTime(s.createdAt, tz)}${s.editedBy ? ` · edited by ${s.editedBy}` : ''}`,
      indent(s.prompt),
      ...s.options.map((o) => `  ${o.letter}) ${o.text}${o.letter === s.answer ? ' ✅' : ''}`),
      `  Why:\n${indent(s.steps, '    ')}`,
      `  Hint: ${s.hint}`,
      `  /quiz suggestions approve ${s.id} [pack:<id>] [difficulty:easy|medium|hard] · edit ${s.id} · reject ${s.id} reason:"<why>"`,
    );
  }
  return out;
}

/** Renders any view as lines of text; `tz` formats times the view does not carry a zone for. */
export function renderText(view: View, tz: string): string {
  switch (view.kind) {
    case 'drop':
      return [
        ...(view.intro ? [`📖 New lesson: ${view.packTitle}`, view.intro.bigIdea, `The whole lesson: ${view.intro.learnCommand}`, ''] : []),
        `📝 Question #${view.dropId} · ${view.packTitle} · ${view.difficulty}`,
        view.prompt,
        ...view.options.map((o) => `  ${o.letter}) ${o.text}`),
        `Answer with /quiz answer <letter>${view.reactions ? ' or react <letter>' : ''}. Closes ${shortDateTime(view.closesAt, view.tz ?? tz)}.`,
      ].join('\n');
    case 'feedback':
      return feedback(view).join('\n');
    case 'reveal':
      return reveal(view).join('\n');
    case 'leaderboard': {
      const row = (r: (typeof view.rows)[number]) =>
        `  ${String(r.rank).padStart(2)}. ${r.name}  ${r.points} pts  ${r.correct}/${r.answered} (${pct(r.accuracy)})  streak ${r.streak}`;
      const out = [`🏆 Leaderboard, ${view.label}: ${view.players} player(s)`];
      if (!view.rows.length) out.push('  No answers yet in this period.');
      out.push(...view.rows.map(row));
      if (view.me) out.push('  …', row(view.me));
      return out.join('\n');
    }
    case 'stats':
      return [
        `📊 ${view.name}: ${view.points} point${view.points === 1 ? '' : 's'}, ${view.correct}/${view.answered} correct (${pct(view.accuracy)}), streak ${view.streak} (best ${view.bestStreak})`,
        ...view.packs.map((p) => `  ${p.title}: ${p.correct}/${p.answered} (${pct(p.accuracy)})`),
        'Mastery (likely right now · never seen):',
        ...view.mastery.map((m) => `  ${bar(m.mastery)} ${pct(m.mastery).padStart(4)} · ${pct(m.unseen)} unseen  ${m.title}`),
        `Reviews: ${view.reviews.done} done, ${view.reviews.due} due now${view.reviews.due ? ' (/quiz review)' : ''}.`,
        ...(view.suggested ? [`💡 Suggested questions approved: ${view.suggested}`] : []),
      ].join('\n');
    case 'suggestions':
      return suggestions(view, tz).join('\n');
    case 'review':
      return [
        view.reminder ? `⏰ Daily review: ${view.dueAfter + 1} question(s) due.` : '',
        `🔁 Review · ${view.packTitle} · ${view.difficulty}${view.dueAfter > 0 ? ` · ${view.dueAfter} more due` : ''}`,
        view.prompt,
        ...view.options.map((o) => `  ${o.letter}) ${o.text}`),
        'Answer with /quiz review answer <letter>.',
      ]
        .filter(Boolean)
        .join('\n');
    case 'lesson':
      return [`📖 ${view.title} (${view.questions} questions: /quiz drop ${view.packId})`, ...view.sections.map((s) => `\n## ${s.title}\n${s.body}`)].join('\n');
    case 'insights':
      return [
        `🔎 Insights${view.packId ? ` for ${view.packId}` : ''}: hardest questions first`,
        ...(view.hardest.length ? [] : ['  No answers yet.']),
        ...view.hardest.map(
          (h) => `  ${pct(h.accuracy).padStart(4)} right of ${h.answered} · ${h.questionId}${h.topWrong ? ` · most picked wrong: ${h.topWrong.letter}) ${h.topWrong.text} (${h.topWrong.n})` : ''}`,
        ),
        'Hints asked for:',
        ...(view.hints.length ? view.hints.map((h) => `  ${h.questionId}: ${h.asked} hint request(s)`) : ['  No hints asked for yet.']),
        'Labels the answers disagree with:',
        ...(view.labels.length
          ? view.labels.map((l) => `  ${l.questionId}: labelled ${l.label}, ${pct(l.accuracy)} right of ${l.answered}, looks ${l.suggest}`)
          : ['  None (or not enough answers yet).']),
        'Participation per week:',
        ...view.weeks.map((w) => `  ${w.label}: ${w.people} people, ${w.answers} answers`),
      ].join('\n');
    case 'packs':
      return [
        `📚 ${view.packs.length} pack(s):`,
        ...view.packs.map((p) => `  ${p.id}: ${p.title} · ${p.questions} questions (${p.byDifficulty.easy} easy, ${p.byDifficulty.medium} medium, ${p.byDifficulty.hard} hard)`),
      ].join('\n');
    case 'schedules':
      if (!view.schedules.length) return 'No schedules yet. Add one with /quiz schedule add "0 9 * * 1-5".';
      return [
        '⏰ Schedules:',
        ...view.schedules.map(
          (s) => `  #${s.id} "${s.cron}" (${s.tz}) in ${s.channel}${s.packId ? ` · pack ${s.packId}` : ''}${s.difficulty ? ` · ${s.difficulty}` : ''}${s.paused ? ' · paused' : ''} · by ${s.createdBy}`,
        ),
      ].join('\n');
    case 'help':
      return view.sections.map((s) => [`${s.title}:`, ...s.lines.map((l) => `  ${l.usage}\n      ${l.description}`)].join('\n')).join('\n');
    case 'text':
      return view.text;
  }
}

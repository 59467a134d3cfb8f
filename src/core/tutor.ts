/** The tutor: one object adapters and commands talk to. It holds no platform code and takes `now`. */
import { answerByMessage, answerDropId, answerInChannel, recentResults, resultOf } from './answers.ts';
import { leaderboard, stats, type Period } from './boards.ts';
import { channelGone } from './channels.ts';
import { packsIn, picturesOf, type TutorDeps } from './deps.ts';
import { createWriteBatcher, type Defer } from './write-batch.ts';
import { closeDrop, closeDue, postDrop, type DropRequest } from './drops.ts';
import { exportScores } from './export.ts';
import { catchUp, catchUpSchedule, fireSchedule } from './firing.ts';
import { NotFoundError } from './errors.ts';
import type { LoadReport, PackSet } from './packs.ts';
import { insights } from './insights.ts';
import { addPack, exportPack, listPacks, removePack, type AddRequest } from './workspace-packs.ts';
import { postWeeklies, setWeekly } from './weekly.ts';
import { approveSuggestion, editSuggestionForm, rejectSuggestion, rejectSuggestionForm, submitForm, suggestionQueue, suggestReply, type ApproveChoice } from './suggestions.ts';
import { hintForDrop, hintForReview, hintIn } from './hints.ts';
import { walkDrop, walkReview } from './walk.ts';
import { resumeRecounts, setWorkspaceZone, zoneOf } from './zones.ts';
import { changeSettings, settingsOf, type SettingsChange, type WorkspaceSettings } from './workspace-settings.ts';
import { lesson } from './lesson.ts';
import { sendDueReminders, setDaily, setOff, setZone, takeNotice } from './reminders.ts';
import { answerReview, nextReview } from './review.ts';
import { addSchedule, scheduleIn, type ScheduleRequest } from './schedules.ts';
import type { Actor, Answer, AnswerVia, ChannelRef, Drop, Schedule, Scope } from './types.ts';
import type { FormKind, FormOutcome, InsightsView, LeaderboardView, LessonView, Reply, ReplyFile, StatsView, View, WalkStage } from './views.ts';

/** Told when a schedule is added, removed, paused or resumed, so timers follow. */
export type ScheduleListener = (change: { type: 'armed' | 'disarmed'; schedule: Schedule }) => void;

/** What `createTutor` needs; `defer` schedules a group commit (main passes `setImmediate`). */
export type TutorOptions = Omit<TutorDeps, 'writes' | 'scheduleChanged' | 'posting' | 'yieldTurn' | 'recounts'> & { defer?: Defer };

/** How long a delivered event id is remembered: Slack retries within about five minutes. */
const DELIVERY_MEMORY_MS = 60 * 60_000;

/** Creates the tutor over its collaborators. */
export function createTutor(options: TutorOptions) {
  const { defer, ...rest } = options;
  const listeners: ScheduleListener[] = [];
  const notify = (type: 'armed' | 'disarmed', schedule: Schedule) => listeners.forEach((l) => l({ type, schedule }));
  const deps: TutorDeps = {
    ...rest,
    writes: createWriteBatcher(rest.store, defer),
    scheduleChanged: notify,
    posting: new Set(),
    yieldTurn: () => new Promise<void>((resolve) => (defer ?? ((fn: () => void) => setTimeout(fn, 0)))(resolve)),
    recounts: new Map(),
  };

  return {
    deps,
    packs: deps.packs,
    /** The packs a workspace sees: the built-ins and its own. */
    packsIn: (scope: Scope): Promise<PackSet> => packsIn(deps, scope),
    settings: deps.settings,
    onScheduleChange(listener: ScheduleListener): void {
      listeners.push(listener);
    },

    postDrop: (req: DropRequest, now: number) => postDrop(deps, req, now),
    fireSchedule: (scheduleId: number, slot: number, now: number) => fireSchedule(deps, scheduleId, slot, now),
    catchUp: (now: number) => catchUp(deps, now),
    catchUpSchedule: (scheduleId: number, from: number, to: number, now: number) => catchUpSchedule(deps, scheduleId, from, to, now),
    closeDue: (now: number) => closeDue(deps, now),
    /** Closes the channel's open drop now: undefined when there is none; `revealed` says if the reveal was posted. */
    async closeIn(channel: ChannelRef, now: number): Promise<{ drop: Drop; revealed: boolean } | undefined> {
      const drop = await deps.store.drops.openIn(channel);
      if (!drop) return undefined;
      const { closed, revealed } = await closeDrop(deps, drop, now);
      return closed ? { drop, revealed } : undefined;
    },
    /**
     * True the first time a platform delivery (an event id) is seen by any instance sharing the store;
     * false for a redelivery. Ids are remembered for an hour, longer than Slack retries an event.
     */
    firstDelivery: (platform: string, id: string, now: number): Promise<boolean> => deps.store.deliveries.claim(platform, id, now, now - DELIVERY_MEMORY_MS),
    /** The channel is gone or unusable: pauses its schedules and tells their creators. */
    channelGone: (channel: ChannelRef, reason: string, now: number): Promise<Schedule[]> => channelGone(deps, channel, reason, now),

    answerInChannel: (channel: ChannelRef, actor: Actor, letter: string, via: AnswerVia, now: number): Promise<Reply> =>
      answerInChannel(deps, channel, actor, letter, via, now),
    answerDropId: (scope: Scope, dropId: number, actor: Actor, letter: string, via: AnswerVia, now: number): Promise<Reply> =>
      answerDropId(deps, scope, dropId, actor, letter, via, now),
    answerByMessage: (platform: string, messageRef: string, actor: Actor, letter: string, now: number): Promise<Reply | null> =>
      answerByMessage(deps, platform, messageRef, actor, letter, now),
    /** The caller's stored first answer to a drop, as feedback (a result the platform could not deliver). */
    resultOf: (scope: Scope, dropId: number, userId: string): Promise<Reply> => resultOf(deps, scope, dropId, userId),
    /** The person's latest results (newest first), so feedback an ephemeral lost can be found again. */
    recentResults: (scope: Scope, userId: string, limit: number): Promise<Reply[]> => recentResults(deps, scope, userId, limit),
    /** A message waiting for the person (their reminders were turned off, say), taken once. */
    takeNotice: (scope: Scope, userId: string): Promise<string | undefined> => takeNotice(deps, scope, userId),
    /** The drop behind a platform message, for adapters deciding whether a reaction matters. */
    dropByMessage: (platform: string, messageRef: string): Promise<Drop | undefined> => deps.store.drops.byMessage(platform, messageRef),
    /** A person's stored first answer to a drop, if any (adapters use it to spot redeliveries). */
    answerOf: (dropId: number, userId: string): Promise<Answer | undefined> => deps.store.answers.get(dropId, userId),
    /** The channel's latest open or closed drop (what `react` in the terminal points at). */
    latestDrop: (channel: ChannelRef): Promise<Drop | undefined> => deps.store.drops.latestIn(channel),
    openDrop: (channel: ChannelRef): Promise<Drop | undefined> => deps.store.drops.openIn(channel),

    /** The picture to send with a view (leaderboard, stats, insights, reveal), or undefined: the text goes alone. */
    picturesOf: (view: View): Promise<ReplyFile[] | undefined> => picturesOf(deps, view),
    leaderboard: (scope: Scope, period: Period, callerId: string, now: number): Promise<LeaderboardView> =>
      leaderboard(deps, scope, period, callerId, now),
    stats: (scope: Scope, userId: string, fallbackName: string, now: number): Promise<StatsView> => stats(deps, scope, userId, fallbackName, now),
    /** `/quiz export`: the workspace's scores for a period as a CSV download. */
    exportScores: (scope: Scope, period: Period, now: number): Promise<Reply> => exportScores(deps, scope, period, now),
    nextReview: (scope: Scope, actor: Actor, now: number): Promise<Reply> => nextReview(deps, scope, actor, now),
    reviewDaily: (scope: Scope, userId: string, time: string): Promise<string> => setDaily(deps, scope, userId, time),
    reviewOff: (scope: Scope, userId: string): Promise<string> => setOff(deps, scope, userId),
    reviewZone: (scope: Scope, userId: string, tz: string): Promise<string> => setZone(deps, scope, userId, tz),
    sendDueReminders: (now: number) => sendDueReminders(deps, now),
    lesson: (channel: ChannelRef, packId: string | undefined): Promise<LessonView> => lesson(deps, channel, packId),
    insights: (scope: Scope, packId: string | undefined, now: number): Promise<InsightsView> => insights(deps, scope, packId, now),
    /** `/quiz hint`: the channel's open question, or the review card showing for the person. */
    hintIn: (channel: ChannelRef, actor: Actor, which: 'question' | 'review' | undefined, now: number): Promise<Reply> => hintIn(deps, channel, actor, which, now),
    /** The 💡 button on a drop. */
    hintForDrop: (scope: Scope, dropId: number, actor: Actor, now: number): Promise<Reply> => hintForDrop(deps, scope, dropId, actor, now),
    /** The 💡 button on a review card (`questionId` from the button). */
    hintForReview: (scope: Scope, actor: Actor, questionId: string | undefined, now: number): Promise<Reply> => hintForReview(deps, scope, actor, questionId, now),
    /** A drop's private feedback at a walkthrough stage ("Walk me through it", "▶ Next step", "Show all"). */
    walkDrop: (scope: Scope, dropId: number, userId: string, chosen: string, stage: WalkStage): Promise<Reply> => walkDrop(deps, scope, dropId, userId, chosen, stage),
    /** A review answer's private feedback at a walkthrough stage. */
    walkReview: (scope: Scope, userId: string, questionId: string, chosen: string, stage: WalkStage): Promise<Reply> =>
      walkReview(deps, scope, userId, questionId, chosen, stage),
    /** Answers a review card; `questionId` comes from a button, else the card last shown is meant. */
    answerReview: (scope: Scope, actor: Actor, questionId: string | undefined, letter: string, via: AnswerVia, now: number): Promise<Reply> =>
      answerReview(deps, scope, actor, questionId, letter, via, now),

    async addSchedule(req: ScheduleRequest, now: number): Promise<Schedule> {
      const schedule = await addSchedule(deps, req, now);
      notify('armed', schedule);
      return schedule;
    },
    listSchedules: (scope: Scope): Promise<Schedule[]> => deps.store.schedules.list(scope),
    /** Every stored schedule of every workspace, for the scheduler to arm at start. */
    allSchedules: (): Promise<Schedule[]> => deps.store.schedules.all(),
    async removeSchedule(scope: Scope, id: number): Promise<Schedule> {
      const schedule = await scheduleIn(deps, scope, id);
      if (!(await deps.store.schedules.remove(id))) throw new NotFoundError(`Schedule #${id} is already gone.`);
      notify('disarmed', schedule);
      return schedule;
    },
    /** Turns reaction answers on or off for a schedule's future drops. */
    async setReactions(scope: Scope, id: number, on: boolean): Promise<Schedule> {
      const schedule = await scheduleIn(deps, scope, id);
      await deps.store.schedules.setReactions(id, on);
      return { ...schedule, reactions: on };
    },
    /** `/quiz schedule weekly`: the weekly summary on or off in a channel. */
    setWeekly: (channel: ChannelRef, on: boolean, by: string, now: number): Promise<string> => setWeekly(deps, channel, on, by, now),
    /** Channels of a workspace with the weekly summary on. */
    weeklyChannels: (scope: Scope): Promise<string[]> => deps.store.weekly.list(scope).then((rows) => rows.map((r) => r.channel)),
    /** The sweep's step: posts each due weekly summary, once per channel and week. */
    postWeeklies: (now: number): Promise<number> => postWeeklies(deps, now),
    /** The zone a workspace's leaderboard weeks and months follow. */
    zoneOf: (scope: Scope): Promise<string> => zoneOf(deps, scope),
    /** Changes a workspace's zone; its totals are recounted for the new weeks and months in the background. */
    setZone: (scope: Scope, tz: string): Promise<string> => setWorkspaceZone(deps, scope, tz),
    /** A workspace's settings in force (zone, window, admin group, reactions): adapters read the admin group here. */
    settingsOf: (scope: Scope): Promise<WorkspaceSettings> => settingsOf(deps, scope),
    /** The workspace's admin group (role, user group or name), or null: a read that records nothing. */
    adminGroupOf: async (scope: Scope): Promise<string | null> => (await deps.store.workspaces.options(scope)).adminGroup,
    /** `/quiz settings` with changes: all validated before any is stored. */
    changeSettings: (scope: Scope, change: SettingsChange): Promise<string> => changeSettings(deps, scope, change),
    /** Resumes recounts a restart interrupted, in the background; resolves when they are done (start-up does not wait). */
    resumeRecounts: (): Promise<void> => resumeRecounts(deps),
    /** Resolves when this process's recount of `scope` (if any) is done. */
    recounted: (scope: Scope): Promise<void> => deps.recounts.get(`${scope.platform}\u0000${scope.workspace}`)?.done ?? Promise.resolve(),
    async setPaused(scope: Scope, id: number, paused: boolean): Promise<Schedule> {
      const schedule = await scheduleIn(deps, scope, id);
      await deps.store.schedules.setPaused(id, paused);
      const updated = { ...schedule, paused };
      notify(paused ? 'disarmed' : 'armed', updated);
      return updated;
    },

    /** `/quiz pack add`: checks and stores an uploaded pack for this workspace. */
    addPack: (scope: Scope, actor: Actor, req: AddRequest, now: number): Promise<Reply> => addPack(deps, scope, actor, req, now),
    listPacks: (scope: Scope): Promise<Reply> => listPacks(deps, scope),
    /** The workspace's own packs, ids and titles (what export, remove and an approval can name). */
    ownPacks: async (scope: Scope): Promise<{ id: string; title: string }[]> => (await deps.store.packs.list(scope)).map((p) => ({ id: p.packId, title: p.title })),
    exportPack: (scope: Scope, packId: string): Promise<Reply> => exportPack(deps, scope, packId),
    /** Removes a workspace pack; schedules using it (only when confirmed) are paused and their timers stopped. */
    async removePack(scope: Scope, actor: Actor, packId: string, confirmed: boolean): Promise<Reply> {
      const { reply, paused } = await removePack(deps, scope, actor, packId, confirmed);
      for (const s of paused) notify('disarmed', s);
      return reply;
    },

    /** `/quiz suggest`: the form a member fills in. */
    suggestForm: (): Reply => suggestReply(),
    /** A submitted form: a new suggestion, an admin's edit, or a rejection's reason. Bad input: a message per field. */
    submitForm: (channel: ChannelRef, actor: Actor, form: FormKind, key: string | undefined, values: Record<string, string>, now: number): Promise<FormOutcome> =>
      submitForm(deps, channel, actor, form, key, values, now),
    /** `/quiz suggestions`: the queue, for admins. */
    suggestions: (scope: Scope, actor: Actor): Promise<Reply> => suggestionQueue(deps, scope, actor),
    /** Approve (button or command): the question joins the pack and the author is told. */
    approveSuggestion: (scope: Scope, actor: Actor, id: number, choice: ApproveChoice, now: number): Promise<Reply> => approveSuggestion(deps, scope, actor, id, choice, now),
    /** Edit (button or command): the form filled with the suggestion. */
    editSuggestionForm: (scope: Scope, actor: Actor, id: number): Promise<Reply> => editSuggestionForm(deps, scope, actor, id),
    /** Reject without a reason yet (button or command): the form asking for one. */
    rejectSuggestionForm: (scope: Scope, actor: Actor, id: number): Promise<Reply> => rejectSuggestionForm(deps, scope, actor, id),
    /** Reject with the reason the author reads. */
    rejectSuggestion: (scope: Scope, actor: Actor, id: number, reason: string, now: number): Promise<Reply> => rejectSuggestion(deps, scope, actor, id, reason, now),

    /** Re-reads content in one go (start-up); logs every problem with file:line. */
    reload(): LoadReport {
      return logReload(deps, deps.packs.reload());
    },
    /** Re-reads content without blocking the event loop for long (`/quiz reload` in a running bot). */
    async reloadAsync(): Promise<LoadReport> {
      return logReload(deps, await deps.packs.reloadAsync());
    },
  };
}

/** Logs what a content load found, one line per problem with file:line. */
function logReload(deps: TutorDeps, report: LoadReport): LoadReport {
  for (const p of report.problems) {
    deps.log[p.severity === 'error' ? 'error' : 'warn']('content.problem', { file: p.file, line: p.line, reason: p.message });
  }
  deps.log.info('content.loaded', { packs: report.packs, questions: report.questions, kept: report.kept });
  return report;
}

/** The tutor's public face. */
export type Tutor = ReturnType<typeof createTutor>;

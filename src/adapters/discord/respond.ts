/**
 * One reply to one interaction, within Discord's 3 seconds: at once when the work is quick, else deferred
 * first. A Reply with a `form` opens a modal instead, which Discord takes only as the first response.
 */
import { MessageFlags, PermissionFlagsBits, type RepliableInteraction } from 'discord.js';
import { reasonOf } from '../../core/deps.ts';
import { StepwiseError } from '../../core/errors.ts';
import { privateText, type Reply } from '../../core/views.ts';
import { NO_MENTIONS, type DiscordContext } from './context.ts';
import { sendFirst, type FileRoom } from './files.ts';
import { modalOf } from './forms.ts';
import { clipMarkdown, LIMITS } from './limits.ts';
import { renderMessages, type DiscordMessage } from './render.ts';

const SORRY = 'Something went wrong on our side and nothing was changed. Please try again; if it keeps happening, tell an admin.';

/** A reply, plus buttons the adapter adds under its first message (the "Fix it" of a form with errors). */
export interface Answer extends Reply {
  components?: DiscordMessage['components'];
}

/**
 * How long work that may open a form gets before the interaction is deferred. A deferred interaction can no
 * longer show a modal, so this waits as long as Discord's 3 seconds allow, leaving room for the request.
 */
export const FORM_WAIT_MS = 2500;

/**
 * Resolves with the value if `p` settles within this turn of the event loop or the next, else undefined.
 * Two turns, not one: an answer's group commit runs in the turn after it was queued (main defers it with
 * setImmediate), so work that needs only the local database settles here; work on the network does not.
 */
function settledNow<T>(p: Promise<T>): Promise<{ value: T } | undefined> {
  const nextTurn = new Promise<undefined>((resolve) => setImmediate(() => setImmediate(() => resolve(undefined))));
  return Promise.race([p.then((value) => ({ value })), nextTurn]);
}

/** Resolves with the value if `p` settles within `ms`, else undefined; the timer never outlives the race. */
async function settledWithin<T>(p: Promise<T>, ms: number): Promise<{ value: T } | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, ms, undefined)));
  try {
    return await Promise.race([p.then((value) => ({ value })), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Core errors become their message; anything else is logged and becomes a short apology. */
export async function safely<T extends Reply>(ctx: DiscordContext, fields: Record<string, unknown>, work: () => T | Promise<T>): Promise<T | Reply> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof StepwiseError) return privateText(err.message, 'error');
    ctx.log.error('discord.interaction_failed', { ...fields, reason: reasonOf(err) });
    return privateText(SORRY, 'error');
  }
}

/** The answer's messages: its notice above the first (such as "Saved your edit"), its extra buttons under it. */
function messagesOf(answer: Answer, workspace: string): DiscordMessage[] {
  const [first, ...more] = renderMessages(answer.view, workspace);
  let head = first!;
  if (answer.notice) head = { ...head, content: clipMarkdown(head.content ? `${answer.notice}\n\n${head.content}` : answer.notice, LIMITS.content) };
  if (answer.components?.length) head = { ...head, components: [...head.components, ...answer.components].slice(0, 5) };
  return [head, ...more];
}

/**
 * Replies within Discord's 3 seconds: work that finishes at once (a database answer) is replied to directly;
 * work still waiting on the network (a drop, a close, a schedule check) is deferred first. Work that may open
 * a form (`mayOpenForm`) gets up to `ctx.formWaitMs` (FORM_WAIT_MS) before the defer; a form that comes too late, or where no
 * modal can open (a modal submit), is answered with the Reply's own view.
 */
export async function respond(
  ctx: DiscordContext,
  i: RepliableInteraction,
  workspace: string,
  fields: Record<string, unknown>,
  work: () => Answer | Promise<Answer>,
  options: { mayOpenForm?: boolean } = {},
): Promise<void> {
  const started = Date.now();
  const pending: Promise<Answer> = safely(ctx, fields, work);
  const early = options.mayOpenForm ? await settledWithin(pending, ctx.formWaitMs) : await settledNow(pending);
  const form = early?.value.form;
  if (form && !i.isModalSubmit() && !i.deferred && !i.replied) {
    await i.showModal(modalOf(form));
    return void ctx.log.debug('discord.interaction', { ...fields, modal: form.form, ms: Date.now() - started });
  }
  // Interaction docs: replies may carry files where app_permissions has ATTACH_FILES (always in DMs).
  const room: FileRoom = { attach: !i.inGuild() || i.appPermissions.has(PermissionFlagsBits.AttachFiles), sizeLimit: i.attachmentSizeLimit };
  const dropped = (list: { name: string; kind: string; reason: string }[]) => ctx.log.warn('discord.files_left_out', { ...fields, files: list });
  if (early) {
    const { visibility, files } = early.value;
    const flags = visibility === 'private' ? { flags: MessageFlags.Ephemeral as const } : {};
    const [first, ...more] = messagesOf(early.value, workspace);
    await sendFirst(files, room, first!, (m) => i.reply({ ...m, allowedMentions: NO_MENTIONS, ...flags }), dropped);
    // A long solution or lesson continues in follow-ups, in order, as private as the reply.
    for (const m of more) await i.followUp({ ...m, allowedMentions: NO_MENTIONS, ...flags });
  } else {
    // Command replies are private, so the placeholder is ephemeral; a public result would follow up.
    await i.deferReply({ flags: MessageFlags.Ephemeral });
    const answer = await pending;
    if (answer.form) ctx.log.info('discord.form_too_late', { ...fields, form: answer.form.form, ms: Date.now() - started });
    const { visibility, files } = answer;
    const [first, ...more] = messagesOf(answer, workspace).map((m) => ({ ...m, allowedMentions: NO_MENTIONS }));
    // One after the other: the first follow-up after a defer may fill the placeholder itself, so an edit
    // racing it could overwrite the result (discord.js and Discord give no order between two requests).
    if (visibility === 'private') {
      await sendFirst(files, room, first!, (m) => i.editReply({ ...m, allowedMentions: NO_MENTIONS }), dropped);
      for (const m of more) await i.followUp({ ...m, flags: MessageFlags.Ephemeral });
    } else {
      await i.editReply({ content: 'Done.', allowedMentions: NO_MENTIONS });
      await sendFirst(files, room, first!, (m) => i.followUp({ ...m, allowedMentions: NO_MENTIONS }), dropped);
      for (const m of more) await i.followUp(m);
    }
  }
  ctx.log.debug('discord.interaction', { ...fields, deferred: !early, ms: Date.now() - started });
}

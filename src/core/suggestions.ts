/**
 * Questions suggested by members: `/quiz suggest` queues one, admins approve (into the workspace's
 * "suggested" pack or one of its own packs), edit or reject it, and the author is told privately.
 */
import { reasonOf, where, type TutorDeps } from './deps.ts';
import { NotAllowedError, NotFoundError, UsageError } from './errors.ts';
import type { PackHead, Suggestion, SuggestionFields } from './ports.ts';
import { editForm, formValues, itemOf, questionOf, readFields, rejectForm, SUGGEST_LIMITS, suggestForm } from './suggestion-form.ts';
import type { Actor, ChannelRef, Difficulty, Scope } from './types.ts';
import { PACK_LIMITS, listed, workspaceProblems } from './workspace-packs.ts';
import { privateText, type FormKind, type FormOutcome, type Reply, type View } from './views.ts';

/** The pack approved suggestions go to unless the admin names another of the workspace's packs. */
export const SUGGESTED_PACK: PackHead = {
  id: 'suggested',
  title: 'Suggested by members',
  bigIdea: 'Questions written by members of this workspace and approved by an admin: everyone can teach.',
  takeaways: ['Anyone can suggest a question with /quiz suggest; an admin approves it before it is asked.'],
};

/** Suggestions the queue shows at once (each with its buttons). */
const QUEUE_SHOWN = 5;
/** Tries of an approval when another change to the workspace's packs came between its read and its write. */
const APPROVE_TRIES = 3;

const short = (text: string, n = 80) => (text.length > n ? `${text.slice(0, n - 1)}…` : text).replace(/\s+/g, ' ');

function requireAdmin(actor: Actor): void {
  if (!actor.isAdmin) throw new NotAllowedError('Only admins review suggestions. Suggest your own question with /quiz suggest.');
}

/** A pending suggestion, or an error that says what happened to it. */
async function pendingOne(deps: TutorDeps, scope: Scope, id: number): Promise<Suggestion> {
  const s = await deps.store.suggestions.get(scope, id);
  if (!s) throw new NotFoundError(`There is no suggestion #${id} in this workspace. /quiz suggestions lists those waiting.`);
  if (s.status !== 'pending') throw new UsageError(`Suggestion #${id} was already ${s.status}${s.decidedBy ? ` by ${s.decidedBy}` : ''}.`);
  return s;
}

/** `/quiz suggest`: the empty form (its text is what to do where a form cannot open). */
export function suggestReply(): Reply {
  return { ...privateText('The suggestion form could not open here; run /quiz suggest again.'), form: suggestForm() };
}

/** `/quiz suggestions`: the oldest pending suggestions, for an admin. */
export async function suggestionQueue(deps: TutorDeps, scope: Scope, actor: Actor): Promise<Reply> {
  requireAdmin(actor);
  const { items, total } = await deps.store.suggestions.pending(scope, QUEUE_SHOWN);
  if (!items.length) return privateText('No suggestions are waiting. Members suggest questions with /quiz suggest.');
  return { visibility: 'private', view: { kind: 'suggestions', items: items.map(itemOf), pending: total } };
}

/** The Edit button or `/quiz suggestions edit <id>`: the form filled with the suggestion. */
export async function editSuggestionForm(deps: TutorDeps, scope: Scope, actor: Actor, id: number): Promise<Reply> {
  requireAdmin(actor);
  const s = await pendingOne(deps, scope, id);
  return { ...privateText(`The form could not open here; run /quiz suggestions edit ${id} again.`), form: editForm(id, formValues(s.fields)) };
}

/** The Reject button or `/quiz suggestions reject <id>` without a reason: the form asking for one. */
export async function rejectSuggestionForm(deps: TutorDeps, scope: Scope, actor: Actor, id: number): Promise<Reply> {
  requireAdmin(actor);
  await pendingOne(deps, scope, id);
  return { ...privateText(`The form could not open here; give the reason in the command: /quiz suggestions reject ${id} reason:"<why>"`), form: rejectForm(id) };
}

/** A submitted form. Bad input comes back as a message per field, with what was typed kept. */
export async function submitForm(deps: TutorDeps, channel: ChannelRef, actor: Actor, form: FormKind, key: string | undefined, values: Record<string, string>, now: number): Promise<FormOutcome> {
  const id = Number(key);
  if (form !== 'suggest' && !(Number.isInteger(id) && id > 0)) throw new UsageError('That form is no longer valid; open it again from /quiz suggestions.');
  // An edit or a rejection is an admin's: refused before anything is checked or read.
  if (form !== 'suggest') requireAdmin(actor);
  if (form === 'reject') {
    const reason = (values.reason ?? '').trim();
    if (reason.length < 3 || reason.length > SUGGEST_LIMITS.reason) {
      return { kind: 'invalid', errors: { reason: `Give the author a reason: 3 to ${SUGGEST_LIMITS.reason} characters.` }, form: rejectForm(id, values.reason) };
    }
    return { kind: 'done', reply: await rejectSuggestion(deps, channel, actor, id, reason, now) };
  }
  const { fields, errors } = readFields(values);
  const back = form === 'suggest' ? suggestForm(values) : editForm(id, values);
  if (!fields) return { kind: 'invalid', errors, form: back };
  // The checker that reads pack files has the last word, so an approval cannot fail on what was typed.
  const checked = await checkFields(deps, fields);
  if (checked.errors.length) return { kind: 'invalid', errors: { prompt: checked.errors.join(' ') }, form: back };
  if (form === 'edit') return { kind: 'done', reply: await saveEdit(deps, channel, actor, id, fields, checked.warnings) };
  const stored = await deps.store.suggestions.add(
    { platform: channel.platform, workspace: channel.workspace, authorId: actor.id, authorName: actor.name, channel: channel.channel || null, fields, createdAt: now },
    { perAuthor: SUGGEST_LIMITS.perAuthor, perWorkspace: SUGGEST_LIMITS.perWorkspace },
  );
  if ('full' in stored) {
    const text = stored.full === 'author'
      ? `You have ${SUGGEST_LIMITS.perAuthor} suggestions waiting for review already; send this one once an admin has looked at those. Nothing was stored.`
      : `This workspace has ${SUGGEST_LIMITS.perWorkspace} suggestions waiting for review; ask an admin to go through /quiz suggestions first. Nothing was stored.`;
    return { kind: 'done', reply: privateText(text, 'error') };
  }
  deps.log.info('suggestion.added', { ...where(channel), user: actor.id, suggestion: stored.id });
  const lines = [`Thanks! Your question is suggestion #${stored.id}. An admin will approve, edit or reject it, and I'll tell you privately either way.`];
  if (checked.warnings.length) lines.push('Worth a look before an admin does:', ...checked.warnings.map((w) => `• ${w}`));
  return { kind: 'done', reply: privateText(lines.join('\n'), 'success') };
}

/** Runs the pack checker on the suggestion as a one-question pack: its errors and warnings, as sentences. */
async function checkFields(deps: TutorDeps, fields: SuggestionFields): Promise<{ errors: string[]; warnings: string[] }> {
  const { source } = deps.packs;
  const markdown = source.packHeadMarkdown(SUGGESTED_PACK) + '\n' + source.questionMarkdown(questionOf(fields, 'suggestion', SUGGESTED_PACK.id, 'medium'));
  const read = await source.readUpload({ name: 'suggestion.md', bytes: new TextEncoder().encode(markdown), format: 'markdown' });
  // The checker names the question by its placeholder id; the member knows it as "your question".
  const said = (m: string) => m.replace(/^question "suggestion": /, '');
  return {
    errors: read.problems.filter((p) => p.severity === 'error').map((p) => said(p.message)),
    warnings: read.problems.filter((p) => p.severity !== 'error').map((p) => said(p.message)),
  };
}

async function saveEdit(deps: TutorDeps, scope: Scope, actor: Actor, id: number, fields: SuggestionFields, warnings: string[]): Promise<Reply> {
  const before = await pendingOne(deps, scope, id);
  if (!(await deps.store.suggestions.edit(scope, id, fields, actor.name))) throw new UsageError(`Suggestion #${id} was decided while you edited it; your edit was not saved.`);
  deps.log.info('suggestion.edited', { ...where(scope), user: actor.id, suggestion: id });
  // What was just stored, shown without reading it back; the count is the queue's.
  const saved = { ...before, fields, editedBy: actor.name };
  const { total } = await deps.store.suggestions.pending(scope, 0);
  const note = warnings.length ? `\n${warnings.map((w) => `• ${w}`).join('\n')}` : '';
  return { visibility: 'private', view: { kind: 'suggestions', items: [itemOf(saved)], pending: total }, notice: `Saved your edit of suggestion #${id}.${note}` };
}

/** What an admin chose when approving: the pack (default "suggested") and the difficulty (default medium). */
export interface ApproveChoice {
  packId?: string;
  difficulty?: Difficulty;
}

/**
 * Approves a suggestion: its question is added to the pack (created for "suggested" the first time),
 * checked by the same checker as an uploaded pack, and the author is told. The decision and the pack's
 * new version are written in one transaction, so two admins approving at once add it once.
 */
export async function approveSuggestion(deps: TutorDeps, scope: Scope, actor: Actor, id: number, choice: ApproveChoice, now: number): Promise<Reply> {
  requireAdmin(actor);
  const s = await pendingOne(deps, scope, id);
  const packId = choice.packId ?? SUGGESTED_PACK.id;
  if (deps.packs.builtIn(packId).pack) {
    throw new UsageError(`"${packId}" is a built-in pack, read from the server's files. Approve into one of this workspace's packs (/quiz pack list), or leave the pack out for "${SUGGESTED_PACK.id}".`);
  }
  const question = questionOf(s.fields, `suggestion-${id}`, packId, choice.difficulty ?? 'medium');
  const { source } = deps.packs;
  for (let attempt = 0; attempt < APPROVE_TRIES; attempt += 1) {
    const version = await deps.store.packs.version(scope);
    const old = await deps.store.packs.get(scope, packId);
    if (!old && packId !== SUGGESTED_PACK.id) throw new NotFoundError(`This workspace has no pack "${packId}". /quiz pack list shows its packs; leave the pack out for "${SUGGESTED_PACK.id}".`);
    const markdown = `${old ? old.markdown.replace(/\s*$/, '\n\n') : `${source.packHeadMarkdown(SUGGESTED_PACK)}\n`}${source.questionMarkdown(question)}`;
    const fileName = old?.fileName ?? `${packId}.md`;
    const read = await source.readUpload({ name: fileName, bytes: new TextEncoder().encode(markdown), format: 'markdown' });
    const problems = [...read.problems, ...workspaceProblems(deps, read, fileName)];
    const errors = problems.filter((p) => p.severity === 'error');
    if (errors.length || !read.pack || !read.markdown) {
      deps.log.info('suggestion.refused', { ...where(scope), user: actor.id, suggestion: id, pack: packId, errors: errors.length });
      return privateText([`Suggestion #${id} could not join "${packId}": ${errors.length} error(s). It is still waiting; edit it or choose another pack.`, ...listed(errors, 10)].join('\n'), 'error');
    }
    const row = {
      ...scope,
      packId,
      title: read.pack.title,
      questions: read.pack.questions.length,
      markdown: read.markdown,
      format: old?.format ?? 'markdown',
      fileName,
      addedBy: old?.addedBy ?? actor.id,
      addedAt: old?.addedAt ?? now,
      updatedAt: now,
    };
    const outcome = await deps.store.transaction(async (tx) => {
      if (!old && (await tx.packs.list(scope)).length >= PACK_LIMITS.packs) return 'full' as const;
      if (!(await tx.suggestions.decide(scope, id, { status: 'approved', packId, questionId: question.id }, actor.name, now))) return 'decided' as const;
      const put = await tx.packs.put(row, version);
      // Another change to the packs came first: undo the decision too, and read the pack again.
      if (put === 'changed') throw new PackChanged();
      return put;
    }).catch((err: unknown) => (err instanceof PackChanged ? ('changed' as const) : Promise.reject(err)));
    if (outcome === 'changed') continue;
    if (outcome === 'full') throw new UsageError(`This workspace has ${PACK_LIMITS.packs} packs, the most it may hold, so "${packId}" cannot be created. Remove one (/quiz pack remove <id>) or approve into an existing pack.`);
    if (outcome === 'decided') throw new UsageError(`Suggestion #${id} was decided by another admin just now.`);
    deps.log.info('suggestion.approved', { ...where(scope), user: actor.id, suggestion: id, pack: packId, question: question.id });
    await tell(deps, s, { kind: 'text', tone: 'success', text: `🎉 Your suggested question "${short(s.fields.prompt)}" was approved by ${actor.name} and joins the pack "${read.pack.title}". When it is asked, the reveal credits you.` });
    const warnings = problems.filter((p) => p.severity !== 'error');
    const lines = [
      `Approved suggestion #${id} by ${s.authorName}: question "${question.id}" (${question.difficulty}) in pack "${packId}" (${read.pack.questions.length} question(s)). ${s.authorName} was told.`,
      `It joins the pack's rotation; /quiz drop ${packId} posts one now, and /quiz pack export ${packId} gives the Markdown to polish.`,
    ];
    if (warnings.length) lines.push(`${warnings.length} warning(s):`, ...listed(warnings, 5));
    return privateText(lines.join('\n'), 'success');
  }
  throw new UsageError(`The workspace's packs kept changing while approving #${id}; it is still waiting. Try again.`);
}

/** Thrown inside the approval's transaction to roll it back when the pack version moved. */
class PackChanged extends Error {}

/** Rejects a suggestion with the reason its author reads. */
export async function rejectSuggestion(deps: TutorDeps, scope: Scope, actor: Actor, id: number, reason: string, now: number): Promise<Reply> {
  requireAdmin(actor);
  const s = await pendingOne(deps, scope, id);
  const text = reason.trim();
  if (text.length < 3 || text.length > SUGGEST_LIMITS.reason) throw new UsageError(`Give the author a reason: 3 to ${SUGGEST_LIMITS.reason} characters.`);
  if (!(await deps.store.suggestions.decide(scope, id, { status: 'rejected', reason: text }, actor.name, now))) throw new UsageError(`Suggestion #${id} was decided by another admin just now.`);
  deps.log.info('suggestion.rejected', { ...where(scope), user: actor.id, suggestion: id });
  await tell(deps, s, { kind: 'text', tone: 'info', text: `Your suggested question "${short(s.fields.prompt)}" was not taken. ${actor.name} said: ${text}\nThank you for suggesting it; /quiz suggest is open for the next one.` });
  return privateText(`Rejected suggestion #${id} by ${s.authorName}; they were told why.`, 'success');
}

/** Tells the author privately; a closed DM is logged, the decision stands. */
async function tell(deps: TutorDeps, s: Suggestion, view: View): Promise<void> {
  const chat = deps.chat(s.platform);
  if (!chat?.sendPrivate) return;
  try {
    await chat.sendPrivate(s, s.authorId, view);
  } catch (err) {
    deps.log.warn('suggestion.author_unreachable', { ...where({ platform: s.platform, workspace: s.workspace }), user: s.authorId, suggestion: s.id, reason: reasonOf(err) });
  }
}

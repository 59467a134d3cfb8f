/** `/quiz pack add|list|export|remove`: a workspace's own packs, added from chat and served to it alone. */
import { packsIn, where, type TutorDeps } from './deps.ts';
import { NotFoundError, UsageError } from './errors.ts';
import type { ContentProblem, IncomingFile, StoredPack, UploadRead } from './ports.ts';
import type { Actor, Schedule, Scope } from './types.ts';
import { privateText, type Reply } from './views.ts';

/** What one workspace may hold. A message names each limit when it is reached. */
export const PACK_LIMITS = {
  /** An uploaded file (a 40-question written pack is about 100 KB; an imported bank of 1,000 about 450 KB). */
  bytes: 1024 * 1024,
  questions: 500,
  packs: 25,
} as const;

/** Problems listed in a reply before "… and N more". */
const SHOWN_ERRORS = 15;
const SHOWN_WARNINGS = 8;

const kib = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(n / 1024)} KiB`);
const lineOf = (p: ContentProblem) => (p.line > 0 ? `line ${p.line}: ${p.message}` : p.message);

/** Problems as bullet lines, at most `shown` of them and "… and N more". */
export function listed(problems: ContentProblem[], shown: number): string[] {
  const lines = problems.slice(0, shown).map((p) => `• ${lineOf(p)}`);
  if (problems.length > shown) lines.push(`… and ${problems.length - shown} more.`);
  return lines;
}

/**
 * What a checked pack may not be in a workspace, beyond the checker's own errors: a built-in's pack or
 * question id (`/quiz drop <id>` and every stored answer name one pack), or more questions than the limit.
 */
export function workspaceProblems(deps: Pick<TutorDeps, 'packs'>, read: UploadRead, file: string): ContentProblem[] {
  const pack = read.pack;
  if (!pack) return [];
  const problems: ContentProblem[] = [];
  if (deps.packs.builtIn(pack.id).pack) problems.push({ file, line: read.idLine, message: `"${pack.id}" is the id of a built-in pack; give this pack another id`, severity: 'error' });
  for (const q of pack.questions) {
    const other = deps.packs.builtIn(q.id).question;
    if (other) problems.push({ file, line: read.questionLines.get(q.id) ?? 0, message: `question id "${q.id}" is used by the built-in pack "${other.packId}"; give it another id`, severity: 'error' });
  }
  if (pack.questions.length > PACK_LIMITS.questions) {
    problems.push({ file, line: 0, message: `${pack.questions.length} questions; a pack may hold at most ${PACK_LIMITS.questions}. Split it into several packs`, severity: 'error' });
  }
  return problems;
}

/** What the person said about the file. */
export interface AddRequest {
  file: IncomingFile;
  format?: string;
  packId?: string;
}

/**
 * Reads, checks and stores an uploaded pack. Errors come back as `line N: reason` and nothing is stored;
 * warnings are listed and the pack is stored. The same id again replaces the pack: questions whose id is
 * unchanged keep their history (answers, scores, review cards are kept by question id).
 */
export async function addPack(deps: TutorDeps, scope: Scope, actor: Actor, req: AddRequest, now: number): Promise<Reply> {
  const { file } = req;
  const tooBig = (size: number) =>
    new UsageError(`${file.name} is ${kib(size)}; a pack file may be at most ${kib(PACK_LIMITS.bytes)}. Split it into several packs. Nothing was stored.`);
  if (file.size !== undefined && file.size > PACK_LIMITS.bytes) throw tooBig(file.size);
  const got = await file.read(PACK_LIMITS.bytes);
  if ('tooBig' in got) throw tooBig(got.tooBig);

  const read = await deps.packs.source.readUpload({ name: file.name, bytes: got.bytes, ...(req.format ? { format: req.format } : {}), ...(req.packId ? { packId: req.packId } : {}) });
  const problems = [...read.problems, ...workspaceProblems(deps, read, file.name)];
  const pack = read.pack;
  if (pack) {
    if (req.packId && read.format === 'markdown' && req.packId !== pack.id) {
      problems.push({ file: file.name, line: read.idLine, message: `the file says "id: ${pack.id}" but the id option says "${req.packId}"; a Markdown pack names its own id`, severity: 'error' });
    }
  }
  const errors = problems.filter((p) => p.severity === 'error');
  const warnings = problems.filter((p) => p.severity !== 'error');
  if (errors.length || !pack || !read.markdown) {
    deps.log.info('pack.refused', { ...where(scope), user: actor.id, file: file.name, errors: errors.length });
    const head = `${file.name} was not added: ${errors.length} error(s). Nothing was stored.`;
    return privateText([head, ...listed(errors.sort((a, b) => a.line - b.line), SHOWN_ERRORS)].join('\n'), 'error');
  }

  const row: StoredPack = {
    ...scope,
    packId: pack.id,
    title: pack.title,
    questions: pack.questions.length,
    markdown: read.markdown,
    format: read.format,
    fileName: file.name,
    addedBy: actor.id,
    addedAt: now,
    updatedAt: now,
  };
  // Only for the reply's counts: what the pack held before.
  const old = await deps.store.packs.get(scope, pack.id);
  const previous = old && (await deps.packs.source.parseStored(old.markdown, `workspace:${old.packId}`));
  // The count and the write in one transaction, so two uploads at once cannot pass the limit together.
  const outcome = await deps.store.transaction(async (tx) => {
    const mine = await tx.packs.list(scope);
    if (!mine.some((p) => p.packId === pack.id) && mine.length >= PACK_LIMITS.packs) return { full: mine.length } as const;
    return { kind: await tx.packs.put(row) } as const;
  });
  if ('full' in outcome) {
    throw new UsageError(`This workspace has ${outcome.full} packs, the most it may hold. Remove one (/quiz pack remove <id>) first. Nothing was stored.`);
  }
  deps.log.info('pack.stored', { ...where(scope), user: actor.id, pack: pack.id, questions: pack.questions.length, kind: outcome.kind, warnings: warnings.length });
  const lines = [`${outcome.kind === 'added' ? 'Added' : 'Replaced'} pack "${pack.id}" (${pack.title}): ${pack.questions.length} question(s), for this workspace only.`];
  if (outcome.kind === 'replaced') {
    const before = new Set(previous?.questions.map((q) => q.id) ?? []);
    const kept = pack.questions.filter((q) => before.has(q.id)).length;
    const gone = before.size - kept;
    lines.push(`${kept} question(s) kept their id and their history, ${pack.questions.length - kept} are new${gone ? `, ${gone} left the pack (their answers and scores stay)` : ''}.`);
  }
  if (warnings.length) lines.push(`${warnings.length} warning(s):`, ...listed(warnings, SHOWN_WARNINGS));
  lines.push(`Post one with /quiz drop ${pack.id}; /quiz pack export ${pack.id} gives the Markdown back.`);
  return privateText(lines.join('\n'), 'success');
}

/** `/quiz pack list`: the workspace's own packs, with the limits. */
export async function listPacks(deps: TutorDeps, scope: Scope): Promise<Reply> {
  const mine = await deps.store.packs.list(scope);
  const seen = await packsIn(deps, scope);
  if (!mine.length) {
    return privateText(`This workspace has no packs of its own yet. Add one with /quiz pack add and a file (Markdown, Aiken, GIFT or Open Trivia DB). The built-in packs are in /quiz packs.`);
  }
  const lines = [`📦 This workspace's packs (${mine.length} of at most ${PACK_LIMITS.packs}):`];
  for (const p of mine) {
    const hidden = seen.get(p.packId) ? '' : ' · not served: a built-in pack now uses its id or a question id';
    lines.push(`• ${p.packId}: ${p.title} · ${p.questions} question(s) · from ${p.fileName} (${p.format})${hidden}`);
  }
  lines.push('Built-in packs are in /quiz packs.');
  return privateText(lines.join('\n'));
}

/** `/quiz pack export <id>`: the pack's Markdown as a file (an imported bank comes back converted). */
export async function exportPack(deps: TutorDeps, scope: Scope, packId: string): Promise<Reply> {
  const stored = await deps.store.packs.get(scope, packId);
  if (!stored) {
    const builtIn = deps.packs.builtIn(packId).pack;
    throw new NotFoundError(builtIn ? `"${packId}" is a built-in pack: its file is ${builtIn.source} on the server.` : `This workspace has no pack "${packId.slice(0, 60)}". See /quiz pack list.`);
  }
  return {
    visibility: 'private',
    view: { kind: 'text', text: `Pack "${stored.packId}" (${stored.title}): ${stored.questions} question(s), as Markdown in ${stored.packId}.md. Edit it and /quiz pack add it again to replace the pack.`, tone: 'info' },
    files: [{ kind: 'download', name: `${stored.packId}.md`, contentType: 'text/markdown', bytes: new TextEncoder().encode(stored.markdown), description: `${stored.title} (${stored.packId}.md)` }],
  };
}

/**
 * `/quiz pack remove <id> [confirm]`: refused while a schedule uses the pack unless confirmed; then those
 * schedules are paused. Answers, scores and review cards stay; an open question of the pack can still be
 * answered (a drop keeps its question).
 */
export async function removePack(deps: TutorDeps, scope: Scope, actor: Actor, packId: string, confirmed: boolean): Promise<{ reply: Reply; paused: Schedule[] }> {
  const stored = await deps.store.packs.get(scope, packId);
  if (!stored) {
    const builtIn = deps.packs.builtIn(packId).pack;
    throw new NotFoundError(builtIn ? `"${packId}" is a built-in pack (content/ on the server); it cannot be removed from chat.` : `This workspace has no pack "${packId.slice(0, 60)}". See /quiz pack list.`);
  }
  const using = (await deps.store.schedules.list(scope)).filter((s) => s.packId === packId && !s.paused);
  if (using.length && !confirmed) {
    const ids = using.map((s) => `#${s.id}`).join(', ');
    throw new UsageError(`Pack "${packId}" is used by schedule ${ids}. To remove it anyway (those schedules are paused), run /quiz pack remove ${packId} confirm:yes.`);
  }
  for (const s of using) await deps.store.schedules.setPaused(s.id, true);
  if (!(await deps.store.packs.remove(scope, packId))) throw new NotFoundError(`Pack "${packId}" is already gone.`);
  deps.log.info('pack.removed', { ...where(scope), user: actor.id, pack: packId, pausedSchedules: using.map((s) => s.id) });
  const paused = using.map((s) => ({ ...s, paused: true }));
  const note = paused.length ? ` Schedule ${paused.map((s) => `#${s.id}`).join(', ')} paused.` : '';
  return { reply: privateText(`Removed pack "${packId}" (${stored.title}).${note} Its answers and scores stay on the leaderboards.`, 'success'), paused };
}

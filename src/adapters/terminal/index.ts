/** @module The terminal adapter: a chat in #local, the default with no platform token, and the scripted e2e harness. */
import { createInterface } from 'node:readline';
import { writeFiles } from './files.ts';
import type { Readable, Writable } from 'node:stream';
import { COMMANDS, dispatch, parseText } from '../../commands/index.ts';
import { lookup } from '../../commands/lookup.ts';
import { stripRoot } from '../../commands/parse-text.ts';
import type { ChatPort, Clock, Logger } from '../../core/ports.ts';
import type { Tutor } from '../../core/tutor.ts';
import type { Actor, ChannelRef } from '../../core/types.ts';
import type { FeedbackView, Reply, ReplyFile, View, WalkStage } from '../../core/views.ts';
import { nextStage } from '../../core/walk.ts';
import { fillForm, type FormFill } from './form.ts';
import { pathFile } from './path-file.ts';
import { renderText } from './render.ts';

/** The one terminal channel. In the terminal a user's id is their name. */
export const LOCAL: ChannelRef = { platform: 'local', workspace: 'local', channel: 'local' };

/** What the terminal needs besides the tutor. */
export interface TerminalOptions {
  input: Readable;
  output: Writable;
  clock: Clock;
  log: Logger;
  /** The user the session starts as; always an admin here. */
  user: string;
  /** Users switched to with `as` are admins only when listed here (or named by `/quiz settings admins:<name>`). */
  admins: readonly string[];
  /** Show a prompt (interactive TTY) or read a script silently. */
  interactive: boolean;
  /** Where files that replies and posts carry are written (STEPWISE_FILES_DIR). */
  filesDir: string;
}

const HINT = 'Commands: /quiz help · /quiz answer <A-D> · /quiz hint · /quiz suggest · react <A-D> · next · all · as <name> · exit';

/** Creates the terminal chat: its ChatPort for the core, and `run()` to read lines until the end. */
export function createTerminalAdapter(tutor: Tutor, opts: TerminalOptions) {
  const print = (text: string) => opts.output.write(`${text}\n`);
  let messages = 0;
  let actor: Actor = { id: opts.user, name: opts.user, isAdmin: true };

  /** The files' paths (or why they could not be written), one line each, for beside the text. */
  const fileLines = async (files: readonly ReplyFile[] | undefined): Promise<string> => {
    if (!files?.length) return '';
    const written = await writeFiles(opts.filesDir, files);
    return written.map((w) => ('path' in w ? `📎 ${w.description}: ${w.path}` : `📎 Could not write ${w.name}: ${w.error}`)).join('\n') + '\n';
  };
  const post = async (view: View, files?: readonly ReplyFile[]) => print(`\n[#local] Stepwise\n${renderText(view, tutor.settings.tz)}\n${await fileLines(files)}`);

  const port: ChatPort = {
    platform: LOCAL.platform,
    async postDrop(_channel, view) {
      print(`\n[#local] Stepwise\n${renderText(view, tutor.settings.tz)}\n`);
      messages += 1;
      return `local-${view.dropId}-${messages}`;
    },
    async postReveal(_drop, view, files) {
      await post(view, files);
    },
    async postView(_channel, view, files) {
      await post(view, files);
    },
    async sendPrivate(_scope, userId, view) {
      print(`\n[private · ${userId}]\n${renderText(view, tutor.settings.tz)}\n`);
    },
    // In the terminal the admin "group" is one more person, by name.
    async checkAdminGroup(_scope, name) {
      return /^[\w.-]{1,32}$/.test(name) ? null : `"${name.slice(0, 32)}" is not a name: use 1-32 letters, digits, ".", "_" or "-".`;
    },
  };

  /** The actor, admin also when named by `/quiz settings admins:<name>` (read only where it matters). */
  async function withAdminName(who: Actor): Promise<Actor> {
    if (who.isAdmin) return who;
    return (await tutor.adminGroupOf(LOCAL)) === who.id ? { ...who, isAdmin: true } : who;
  }

  // Each person's latest private feedback, so `next` and `all` walk through its solution.
  const walks = new Map<string, { view: FeedbackView; stage: WalkStage }>();

  // A form being filled in (`/quiz suggest`, an admin's edit or rejection): lines answer its prompts.
  let filling: FormFill | undefined;
  const startForm = (fill: FormFill) => {
    filling = fill;
    print(`📝 ${fill.form.title} (type cancel on its own line to stop)\n${fill.prompt()}`);
  };

  async function takeFormLine(fill: FormFill, line: string): Promise<void> {
    if (line.trim() === 'cancel') {
      filling = undefined;
      return void print('Form cancelled; nothing was sent.\n');
    }
    const step = fill.take(line);
    if (step === 'more') return;
    if (step === 'next') return void print(fill.prompt());
    filling = undefined;
    const who = fill.form.form === 'suggest' ? actor : await withAdminName(actor);
    try {
      const outcome = await tutor.submitForm(LOCAL, who, fill.form.form, fill.form.key, fill.values, opts.clock.now());
      if (outcome.kind === 'done') return void (await show(outcome.reply));
      print(['Not sent yet:', ...Object.entries(outcome.errors).map(([name, message]) => `  ${outcome.form.fields.find((f) => f.name === name)?.label ?? name}: ${message}`)].join('\n'));
      startForm(fillForm(outcome.form, new Set(Object.keys(outcome.errors))));
    } catch (err) {
      await show({ visibility: 'private', view: { kind: 'text', tone: 'error', text: (err as Error).message } });
    }
  }

  const show = async (reply: Reply) => {
    if (reply.form) return startForm(fillForm(reply.form));
    if (reply.view.kind === 'feedback' && reply.visibility === 'private') walks.set(actor.id, { view: reply.view, stage: reply.view.stage ?? 'all' });
    const who = reply.visibility === 'private' ? `private · ${actor.name}` : '#local';
    const notice = reply.notice ? `⚠️ ${reply.notice}\n` : '';
    print(`[${who}]\n${notice}${renderText(reply.view, tutor.settings.tz)}\n${await fileLines(reply.files)}`);
  };

  async function handle(line: string): Promise<boolean> {
    if (filling) {
      await takeFormLine(filling, line);
      return true;
    }
    const text = line.trim();
    if (!text || text.startsWith('#')) return true;
    const quiz = stripRoot(text);
    const [word = '', arg = ''] = text.split(/\s+(.*)/s);
    const now = opts.clock.now();
    if (quiz !== undefined) {
      let inv;
      try {
        inv = parseText(quiz);
      } catch (err) {
        await show({ visibility: 'private', view: { kind: 'text', tone: 'error', text: (err as Error).message } });
        return true;
      }
      const found = lookup(COMMANDS, inv.path);
      const who = 'spec' in found && found.spec.admin ? await withAdminName(actor) : actor;
      await show(await dispatch(inv, { tutor, actor: who, channel: LOCAL, now, openFile: pathFile }, opts.log));
    } else if (word === 'react') {
      const latest = await tutor.latestDrop(LOCAL);
      if (!latest?.messageRef) print('There is no question to react to yet.\n');
      else {
        try {
          const reply = await tutor.answerByMessage(LOCAL.platform, latest.messageRef, actor, arg, now);
          if (reply) await show(reply);
        } catch (err) {
          await show({ visibility: 'private', view: { kind: 'text', tone: 'error', text: (err as Error).message } });
        }
      }
    } else if (word === 'next' || word === 'all') {
      const walk = walks.get(actor.id);
      const stage = walk && (word === 'all' ? 'all' : nextStage(walk.stage, walk.view.solution.steps.length));
      if (!walk) print('Nothing to walk through yet: answer a question first.\n');
      else if (!stage) print('That was the whole solution. Type all to see it at once.\n');
      else {
        const { view } = walk;
        try {
          await show(
            view.dropId !== null
              ? await tutor.walkDrop(LOCAL, view.dropId, actor.id, view.chosen, stage)
              : await tutor.walkReview(LOCAL, actor.id, view.questionId, view.chosen, stage),
          );
        } catch (err) {
          await show({ visibility: 'private', view: { kind: 'text', tone: 'error', text: (err as Error).message } });
        }
      }
    } else if (word === 'as') {
      const name = arg.trim();
      if (!/^[\w.-]{1,32}$/.test(name)) print('Usage: as <name> (letters, digits, ".", "_" or "-").\n');
      else {
        actor = { id: name, name, isAdmin: name === opts.user || opts.admins.includes(name) };
        print(`You are now ${name}${(await withAdminName(actor)).isAdmin ? ' (admin)' : ''}.\n`);
      }
    } else if (word === 'exit' || word === 'quit') return false;
    else print(`${HINT}\n`);
    return true;
  }

  return {
    port,
    /** Posts a first question if #local has none open, then reads lines until `exit` or end of input. */
    async run(): Promise<void> {
      print(`Stepwise, in the terminal. You are ${actor.name} (admin). ${HINT}`);
      if (!(await tutor.openDrop(LOCAL))) {
        try {
          await tutor.postDrop({ channel: LOCAL, by: actor.id }, opts.clock.now());
        } catch (err) {
          print(`Could not post a first question: ${(err as Error).message}`);
        }
      }
      const rl = createInterface({ input: opts.input, terminal: opts.interactive, ...(opts.interactive ? { output: opts.output } : {}) });
      const prompt = () => opts.interactive && (rl.setPrompt(`${actor.name}> `), rl.prompt());
      rl.on('SIGINT', () => rl.close());
      prompt();
      // Lines are handled one at a time, in order, so a script's replies come out in its order.
      for await (const line of rl) {
        if (!(await handle(line))) break;
        prompt();
      }
      rl.close();
    },
  };
}

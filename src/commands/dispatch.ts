/** Validates an invocation against the spec, checks admin rights, runs it, and turns errors into replies. */
import { reasonOf } from '../core/deps.ts';
import { NotAllowedError, StepwiseError, UsageError } from '../core/errors.ts';
import type { Logger } from '../core/ports.ts';
import { privateText, type Reply } from '../core/views.ts';
import { lookup } from './lookup.ts';
import { COMMANDS } from './registry.ts';
import { ROOT, type CommandContext, type CommandSpec, type Invocation } from './types.ts';
import { usageOf } from './usage.ts';

/** Longest option value accepted unless the option says otherwise. */
const MAX_VALUE = 200;

function validate(spec: CommandSpec, path: string[], raw: Record<string, string>): CommandContext['options'] {
  // Only a refusal needs the usage line, so a valid command does not build it.
  const usage = () => `Usage: ${usageOf(path, spec)}`;
  const out: CommandContext['options'] = {};
  for (const name of Object.keys(raw)) {
    if (!spec.options.some((o) => o.name === name)) throw new UsageError(`/${ROOT} ${path.join(' ')} has no option "${name.slice(0, 30)}". ${usage()}`);
  }
  for (const o of spec.options) {
    const value = raw[o.name]?.trim();
    if (value === undefined || value === '') {
      if (o.required) throw new UsageError(`Missing ${o.placeholder}. ${usage()}`);
      continue;
    }
    if (value.length > (o.maxLength ?? MAX_VALUE)) throw new UsageError(`The ${o.name} is too long (${value.length} characters, at most ${o.maxLength ?? MAX_VALUE}). ${usage()}`);
    if (o.choices) {
      const bare = value.replace(/[).:]$/, '').toLowerCase();
      const match = o.choices.find((c) => c.toLowerCase() === bare);
      if (!match) throw new UsageError(`"${value.slice(0, 30)}" is not a valid ${o.name}; use one of ${o.choices.join(', ')}. ${usage()}`);
      out[o.name] = match;
    } else if (o.type === 'integer') {
      if (!/^#?\d{1,9}$/.test(value)) throw new UsageError(`The ${o.name} must be a number, like 3. ${usage()}`);
      out[o.name] = Number(value.replace('#', ''));
    } else out[o.name] = value;
  }
  return out;
}

/** Runs one invocation. Never throws: every failure becomes a short private reply. */
export async function dispatch(inv: Invocation, ctx: Omit<CommandContext, 'options'>, log?: Logger): Promise<Reply> {
  try {
    const found = lookup(COMMANDS, inv.path);
    if (!('spec' in found)) {
      if (found.group) {
        const subs = found.group.subcommands.map((s) => s.name).join(', ');
        throw new UsageError(`/${ROOT} ${found.group.name} needs one of: ${subs}. Try /${ROOT} help.`);
      }
      throw new UsageError(found.unknown ? `Unknown command "${found.unknown.slice(0, 30)}". Try /${ROOT} help.` : `Try /${ROOT} help.`);
    }
    const { spec, path } = found;
    if (spec.admin && !ctx.actor.isAdmin) {
      throw new NotAllowedError(`/${ROOT} ${path.join(' ')} is for admins. Ask an admin, or get your id added to STEPWISE_ADMINS.`);
    }
    // Object.assign rather than a spread extended by `options`: V8 (Node 20) makes a new hidden class
    // for every such object (see `where`), and every command passes here.
    const reply = await spec.run(Object.assign({}, ctx, { options: validate(spec, path, inv.options) }));
    const notice = reply.visibility === 'private' ? await ctx.tutor.takeNotice(ctx.channel, ctx.actor.id) : undefined;
    return notice ? { ...reply, notice } : reply;
  } catch (err) {
    if (err instanceof StepwiseError) return privateText(err.message, 'error');
    log?.error('command.failed', { platform: ctx.channel.platform, workspace: ctx.channel.workspace, channel: ctx.channel.channel, command: inv.path.join(' '), reason: reasonOf(err) });
    return privateText('Something went wrong on our side and nothing was changed. Please try again; if it keeps happening, tell an admin.', 'error');
  }
}

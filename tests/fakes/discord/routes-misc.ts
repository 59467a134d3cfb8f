import type { APIApplicationCommand } from 'discord.js';
import { bulkOverwrite, toCommand, validateCommand } from './commands.ts';
import { channelsOf, guildPayload, memberPayload } from './entities.ts';
import { Errors, noContent, ok, type Reply, type Route, type RouteContext, route } from './http.ts';


/** Resolves which command list a /applications/:app[/guilds/:guild]/commands route addresses. */
function commandList(ctx: RouteContext): { list: APIApplicationCommand[]; guildId?: string } | Reply {
  const [appId, guildId] = ctx.params;
  if (appId !== ctx.state.applicationId) return Errors.unknownApplication();
  if (guildId === undefined) return { list: ctx.state.globalCommands };
  if (!ctx.state.guilds.has(guildId)) return Errors.missingAccess();
  return { list: ctx.state.guildCommands.get(guildId) ?? [], guildId };
}

function storeCommands(ctx: RouteContext, commands: APIApplicationCommand[], guildId?: string): void {
  if (guildId) ctx.state.guildCommands.set(guildId, commands);
  else ctx.state.globalCommands = commands;
}

const isReply = (x: unknown): x is Reply => typeof x === 'object' && x !== null && 'status' in x;
// Params: [appId, guildId | undefined, commandId?] — the optional group keeps its (undefined) slot.
const COMMANDS = `/applications/:id(?:/guilds/:id)?/commands`;

/** Gateway discovery, users, application commands and guild routes. */
export const miscRoutes: Route[] = [
  route('GET', '/gateway', (ctx) => ok({ url: ctx.gatewayUrl })),
  route('GET', '/gateway/bot', (ctx) =>
    ok({
      url: ctx.gatewayUrl,
      shards: ctx.recommendedShards,
      session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: ctx.maxConcurrency },
    }),
  ),
  route('GET', '/users/@me', ({ state }) => ok(state.bot)),
  route('GET', '/users/:id', ({ state, params: [id = ''] }) => {
    const user = state.userById.get(id);
    return user ? ok(user) : Errors.unknownUser();
  }),
  route('GET', '/applications/@me', ({ state }) =>
    ok({
      id: state.applicationId,
      name: state.bot.username,
      icon: null,
      description: '',
      bot_public: true,
      bot_require_code_grant: false,
      bot: state.bot,
      verify_key: 'fake-verify-key',
      flags: (1 << 23) | (1 << 19),
      team: null,
      summary: '',
      approximate_guild_count: 1,
      owner: state.users.owner,
    }),
  ),
  route('GET', COMMANDS, (ctx) => {
    const target = commandList(ctx);
    return isReply(target) ? target : ok(target.list);
  }),
  route('PUT', COMMANDS, (ctx) => {
    const target = commandList(ctx);
    if (isReply(target)) return target;
    const { reply, commands } = bulkOverwrite(ctx.state, ctx.body, target.list, target.guildId);
    if (reply) return reply;
    storeCommands(ctx, commands, target.guildId);
    return ok(commands);
  }),
  route('POST', COMMANDS, (ctx) => {
    const target = commandList(ctx);
    if (isReply(target)) return target;
    const invalid = validateCommand(ctx.body as object, '');
    if (invalid) return invalid;
    const command = toCommand(ctx.state, ctx.body as object, target.list, target.guildId);
    const existed = target.list.some((c) => c.id === command.id);
    storeCommands(ctx, [...target.list.filter((c) => c.id !== command.id), command], target.guildId);
    // Discord answers 201 for a new command and 200 when it upserted an existing name.
    return { status: existed ? 200 : 201, body: command };
  }),
  route('GET', `${COMMANDS}/:id`, (ctx) => {
    const target = commandList(ctx);
    if (isReply(target)) return target;
    const command = target.list.find((c) => c.id === ctx.params[2]);
    return command ? ok(command) : Errors.unknownCommand();
  }),
  route('DELETE', `${COMMANDS}/:id`, (ctx) => {
    const target = commandList(ctx);
    if (isReply(target)) return target;
    const id = ctx.params[2];
    if (!target.list.some((c) => c.id === id)) return Errors.unknownCommand();
    storeCommands(ctx, target.list.filter((c) => c.id !== id), target.guildId);
    return noContent;
  }),
  route('GET', '/guilds/:id', ({ state, params: [id = ''] }) => {
    const guild = state.guilds.get(id);
    return guild ? ok(guildPayload(state, guild)) : Errors.unknownGuild();
  }),
  route('GET', '/guilds/:id/channels', ({ state, params: [id = ''] }) => {
    const guild = state.guilds.get(id);
    return guild ? ok(channelsOf(state, guild).filter((c) => [0, 5, 15].includes(c.type))) : Errors.unknownGuild();
  }),
  route('GET', '/guilds/:id/roles', ({ state, params: [id = ''] }) => {
    const guild = state.guilds.get(id);
    return guild ? ok([...guild.roleById.values()]) : Errors.unknownGuild();
  }),
  route('GET', '/guilds/:id/members', ({ state, params: [id = ''], query }) => {
    const guild = state.guilds.get(id);
    if (!guild) return Errors.unknownGuild();
    const after = BigInt(query.after ?? '0');
    const ids = [...guild.members.keys()].filter((m) => BigInt(m) > after).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    return ok(ids.slice(0, Number(query.limit ?? 1)).map((m) => memberPayload(state, m, guild)));
  }),
  route('GET', '/guilds/:id/members/search', ({ state, params: [id = ''], query }) => {
    const guild = state.guilds.get(id);
    if (!guild) return Errors.unknownGuild();
    const q = (query.query ?? '').toLowerCase();
    const hits = [...guild.members.values()].filter((m) => {
      const user = state.userById.get(m.userId);
      return [user?.username, user?.global_name, m.nick].some((n) => n?.toLowerCase().startsWith(q));
    });
    return ok(hits.slice(0, Number(query.limit ?? 1)).map((m) => memberPayload(state, m.userId, guild)));
  }),
  route('GET', '/guilds/:id/members/:id', ({ state, params: [id = '', userId = ''] }) => {
    const guild = state.guilds.get(id);
    if (!guild) return Errors.unknownGuild();
    return guild.members.has(userId) ? ok(memberPayload(state, userId, guild)) : Errors.unknownMember();
  }),
];

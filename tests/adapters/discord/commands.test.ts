import { afterEach, describe, expect, it } from 'vitest';
import { COMMANDS, isGroup, type CommandSpec, type OptionSpec } from '../../../src/commands/index.ts';
import { COMMAND_MAX_SIZE, commandSize } from '../../fakes/discord/commands.ts';
import { startHarness, type Harness } from './harness.ts';

let h: Harness;
afterEach(async () => expect(await h.close()).toEqual([]));

interface JsonOption {
  type: number;
  name: string;
  description: string;
  required?: boolean;
  choices?: { name: string; value: string }[];
  autocomplete?: boolean;
  channel_types?: number[];
  max_length?: number;
  options?: JsonOption[];
}

const DISCORD_TYPE: Record<OptionSpec['type'], number> = { string: 3, integer: 4, user: 6, channel: 7, role: 8, attachment: 11 };

/** Checks one registered subcommand against its spec, option by option. */
function expectSubcommand(json: JsonOption | undefined, spec: CommandSpec): void {
  expect(json).toMatchObject({ type: 1, name: spec.name, description: spec.description });
  const options = json!.options ?? [];
  expect(options.map((o) => o.name).sort()).toEqual(spec.options.map((o) => o.name).sort());
  const firstOptional = options.findIndex((o) => !o.required);
  expect(options.slice(firstOptional < 0 ? options.length : firstOptional).every((o) => !o.required)).toBe(true);
  for (const o of spec.options) {
    const got = options.find((x) => x.name === o.name)!;
    expect(got.type, `${spec.name} ${o.name}`).toBe(DISCORD_TYPE[o.type]);
    expect(got.description).toBe(o.description);
    expect(got.required).toBe(o.required ?? false);
    expect(got.choices?.map((c) => c.value)).toEqual(o.choices ? [...o.choices] : undefined);
    expect(got.autocomplete ?? false).toBe(o.autocomplete !== undefined && !o.choices);
    // Text, announcement, and threads (public, private, announcement): forum posts are public threads.
    if (o.type === 'channel') expect(got.channel_types).toEqual([0, 5, 11, 12, 10]);
  }
}

describe('/quiz registration on Discord', () => {
  it('registers one /quiz on the guild with one bulk overwrite, derived from the command spec', async () => {
    h = await startHarness();
    const { fake } = h;
    const puts = fake.callsTo('PUT', /\/commands$/);
    expect(puts.map((p) => [p.path, p.status])).toEqual([[`/applications/${fake.state.applicationId}/guilds/${fake.state.guild.id}/commands`, 200]]);
    const body = puts[0]!.body as { name: string; type: number; contexts: number[]; options: JsonOption[] }[];
    expect(body).toHaveLength(1);
    expect(body[0]).toMatchObject({ name: 'quiz', type: 1, contexts: [0] });

    const top = body[0]!.options;
    expect(top.map((o) => o.name)).toEqual(COMMANDS.map((c) => c.name));
    for (const [i, entry] of COMMANDS.entries()) {
      if (!isGroup(entry)) {
        expectSubcommand(top[i], entry);
        continue;
      }
      expect(top[i]).toMatchObject({ type: 2, name: entry.name, description: entry.description });
      expect(top[i]!.options?.map((o) => o.name)).toEqual(entry.subcommands.map((s) => s.name));
      entry.subcommands.forEach((s, j) => expectSubcommand(top[i]!.options?.[j], s));
    }
    expect(fake.state.guildCommands.get(fake.state.guild.id)?.map((c) => c.name)).toEqual(['quiz']);
    expect(fake.state.globalCommands).toEqual([]);
    // Within Discord's limits with room to grow: 25 subcommands and groups, 8000 characters in all.
    expect(top.length).toBeLessThanOrEqual(25);
    expect(top.find((o) => o.name === 'suggest')).toMatchObject({ type: 1 });
    expect(top.find((o) => o.name === 'suggestions')?.options?.map((o) => o.name)).toEqual(['list', 'approve', 'edit', 'reject']);
    expect(commandSize(body[0]!)).toBeLessThanOrEqual(COMMAND_MAX_SIZE * 0.6);

    // Registering again at the next start is the same overwrite: same body, same command id.
    const id = fake.state.guildCommands.get(fake.state.guild.id)![0]!.id;
    await h.restart();
    const again = fake.callsTo('PUT', /\/commands$/);
    expect(again).toHaveLength(2);
    expect(again[1]!.body).toEqual(body);
    expect(fake.state.guildCommands.get(fake.state.guild.id)![0]!.id).toBe(id);
  });

  it('registers globally when no guild is configured', async () => {
    h = await startHarness({ guildId: null });
    const puts = h.fake.callsTo('PUT', /\/commands$/);
    expect(puts.map((p) => p.path)).toEqual([`/applications/${h.fake.state.applicationId}/commands`]);
    expect(h.fake.state.globalCommands.map((c) => c.name)).toEqual(['quiz']);
  });
});

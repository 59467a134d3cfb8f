import type { APIApplicationCommand, APIApplicationCommandOption } from 'discord.js';
import { Errors, type Reply } from './http.ts';
import { snowflake } from './snowflake.ts';
import type { FakeState } from './state.ts';

/** Discord's documented name rule for chat-input commands and options (lowercase where a case exists). */
const CHAT_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

type CommandInput = Partial<APIApplicationCommand> & { options?: OptionInput[] };
type OptionInput = Partial<APIApplicationCommandOption> & { options?: OptionInput[]; choices?: unknown[] };

function validateName(name: unknown, path: string, chatInput: boolean): Reply | null {
  if (typeof name !== 'string' || name.length < 1 || name.length > 32) {
    return Errors.invalidForm(`${path}.name`, 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 32 in length.');
  }
  if (chatInput && (!CHAT_NAME.test(name) || name !== name.toLowerCase())) {
    return Errors.invalidForm(`${path}.name`, 'APPLICATION_COMMAND_INVALID_NAME', `Command name is invalid`);
  }
  return null;
}

function validateDescription(description: unknown, path: string): Reply | null {
  if (typeof description !== 'string' || description.length < 1 || description.length > 100) {
    return Errors.invalidForm(`${path}.description`, 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
  }
  return null;
}

function validateOptions(options: OptionInput[] | undefined, path: string): Reply | null {
  if (!options) return null;
  if (options.length > 25) return Errors.invalidForm(`${path}.options`, 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
  const names = new Set<string>();
  let sawOptional = false;
  for (const [i, option] of options.entries()) {
    const at = `${path}.options.${i}`;
    const invalid = validateName(option.name, at, true) ?? validateDescription(option.description, at);
    if (invalid) return invalid;
    if (names.has(option.name ?? '')) return Errors.invalidForm(`${path}.options`, 'APPLICATION_COMMAND_OPTIONS_DUPLICATE_NAME', 'Option names must be unique');
    names.add(option.name ?? '');
    const required = 'required' in option && option.required === true;
    if (required && sawOptional) {
      return Errors.invalidForm(`${path}.options.${i}.required`, 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', 'Required options must be placed before non-required options');
    }
    sawOptional ||= !required && option.type !== 1 && option.type !== 2;
    if ((option.choices?.length ?? 0) > 25) return Errors.invalidForm(`${at}.choices`, 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
    const nested = validateOptions(option.options, at);
    if (nested) return nested;
  }
  return null;
}

/** Application commands docs: at most 8000 characters of names, descriptions and choice values per command. */
export const COMMAND_MAX_SIZE = 8000;

type Localized = Record<string, string | null> | null | undefined;

/** A field's size: the longest of its default and its localizations ("only the longest localization … is counted"). */
const longest = (value: unknown, localized: Localized): number =>
  Math.max(String(value ?? '').length, ...Object.values(localized ?? {}).map((v) => v?.length ?? 0));

/** The combined size Discord counts for a command, its options (subcommands and groups included) and choices. */
export function commandSize(input: CommandInput): number {
  const ofOption = (o: OptionInput & { name_localizations?: Localized; description_localizations?: Localized }): number =>
    longest(o.name, o.name_localizations) +
    longest(o.description, o.description_localizations) +
    ((o.choices ?? []) as Array<{ name?: string; value?: unknown; name_localizations?: Localized }>).reduce((n, c) => n + longest(c.name, c.name_localizations) + String(c.value ?? '').length, 0) +
    (o.options ?? []).reduce((n, child) => n + ofOption(child), 0);
  return ofOption(input as OptionInput);
}

/** Validates a command body the way Discord does for the fields bots commonly get wrong. */
export function validateCommand(input: CommandInput, path: string): Reply | null {
  const type = input.type ?? 1;
  const chatInput = type === 1;
  const invalid =
    validateName(input.name, path, chatInput) ??
    (chatInput ? validateDescription(input.description, path) : null) ??
    validateOptions(input.options, path);
  if (invalid) return invalid;
  const size = commandSize(input);
  return size > COMMAND_MAX_SIZE ? Errors.invalidForm(path, 'APPLICATION_COMMAND_TOO_LARGE', `Command exceeds maximum size (${COMMAND_MAX_SIZE})`) : null;
}

/** Turns a request body into the stored command, keeping the id of a same-name command like Discord does. */
export function toCommand(
  state: FakeState,
  input: CommandInput,
  existing: APIApplicationCommand[],
  guildId?: string,
): APIApplicationCommand {
  const type = input.type ?? 1;
  const previous = existing.find((c) => c.name === input.name && c.type === type);
  return {
    id: previous?.id ?? snowflake(),
    application_id: state.applicationId,
    ...(guildId ? { guild_id: guildId } : {}),
    type,
    name: input.name ?? '',
    name_localizations: input.name_localizations ?? null,
    description: input.description ?? '',
    description_localizations: input.description_localizations ?? null,
    ...(input.options?.length ? { options: input.options as APIApplicationCommandOption[] } : {}),
    default_member_permissions: input.default_member_permissions ?? null,
    ...(guildId ? {} : { dm_permission: input.dm_permission ?? true }),
    nsfw: input.nsfw ?? false,
    integration_types: input.integration_types ?? [0],
    contexts: input.contexts ?? null,
    version: snowflake(),
  };
}

/** Bulk overwrite: validates all, then replaces the list (Discord applies all or nothing). */
export function bulkOverwrite(
  state: FakeState,
  body: unknown,
  existing: APIApplicationCommand[],
  guildId?: string,
): { reply: Reply | null; commands: APIApplicationCommand[] } {
  if (!Array.isArray(body)) return { reply: Errors.invalidForm('', 'BASE_TYPE_ARRAY', 'Must be an array.'), commands: existing };
  const inputs = body as CommandInput[];
  for (const [i, input] of inputs.entries()) {
    const invalid = validateCommand(input, String(i));
    if (invalid) return { reply: invalid, commands: existing };
  }
  const keys = inputs.map((c) => `${c.type ?? 1}:${c.name}`);
  if (new Set(keys).size !== keys.length) {
    return { reply: Errors.invalidForm('', 'APPLICATION_COMMANDS_DUPLICATE_NAME', 'Application command names must be unique'), commands: existing };
  }
  return { reply: null, commands: inputs.map((input) => toCommand(state, input, existing, guildId)) };
}

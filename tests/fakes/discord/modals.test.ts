/**
 * Modals in the fake, as Discord documents them (discord-api-docs "Interaction Response Object › Modal" and
 * "Components › Text Input"; discord-api-spec `ModalInteractionCallbackRequestData`), through the real discord.js.
 */
import { Client, Events, GatewayIntentBits, MessageFlags, TextInputStyle, type Interaction } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { nextEvent, startFakeDiscord, type FakeDiscord } from './index.ts';

let fake: FakeDiscord;
const clients: Client[] = [];

async function start(): Promise<Client> {
  fake = await startFakeDiscord();
  const c = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
  clients.push(c);
  const ready = nextEvent(c, Events.ClientReady);
  await c.login(fake.token);
  await ready;
  return c;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.destroy()));
  const unknown = fake.unknownRoutes().map((c) => `${c.method} ${c.path}`);
  await fake.close();
  expect(unknown).toEqual([]);
});

/** A legacy modal: each text input in an action row with its own label. */
const modal = (inputs: Record<string, unknown>[], extra: Record<string, unknown> = {}) => ({
  custom_id: 'form:test',
  title: 'A form',
  components: inputs.map((input) => ({ type: 1, components: [{ type: 4, custom_id: 'f', style: 1, label: 'Field', ...input }] })),
  ...extra,
});

/** POSTs a raw callback, as a bot without discord.js's own checks would; returns status and Discord's JSON. */
async function callback(payload: { id: string; token: string }, body: unknown): Promise<{ status: number; json: { code?: number; message?: string; errors?: unknown } }> {
  const res = await fetch(`${fake.apiUrl}/v10/interactions/${payload.id}/${payload.token}/callback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: res.status === 204 ? {} : ((await res.json()) as { code?: number }) };
}

/** The first `_errors` entry at a dotted path of a 50035 body. */
function errorAt(errors: unknown, path: string): { code: string; message: string } | undefined {
  const leaf = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], errors) as { _errors?: { code: string; message: string }[] } | undefined;
  return leaf?._errors?.[0];
}

describe('modals (interaction callback type 9)', () => {
  it('discord.js shows a modal, the fake keeps it, and a submit arrives as Discord sends it (ids, every input, the message)', async () => {
    const c = await start();
    const message = fake.seedMessage({ authorId: fake.state.bot.id, content: 'press' });
    const pressed = nextEventMatching(c, (i) => i.isButton());
    const press = fake.interact(fake.payloads.buttonInteraction({ customId: 'open', message: message.id }));
    const button = await pressed;
    if (!button.isButton()) throw new Error('not a button');
    await button.showModal({
      customId: 'form:suggest',
      title: 'Suggest a question',
      components: [
        { type: 1, components: [{ type: 4, customId: 'prompt', label: 'Question', style: TextInputStyle.Paragraph, maxLength: 1000, required: true }] },
        { type: 1, components: [{ type: 4, customId: 'hint', label: 'Hint', style: TextInputStyle.Short, required: false, value: 'think first' }] },
      ],
    });
    expect(fake.modalOf(press.id)).toMatchObject({ custom_id: 'form:suggest', title: 'Suggest a question', components: [{ type: 1, components: [{ custom_id: 'prompt', style: 2, max_length: 1000 }] }, {}] });

    const submitted = nextEventMatching(c, (i) => i.isModalSubmit());
    const sent = fake.submitModal(press, { prompt: 'Why?' });
    // Every input comes back, the untouched one with its prefilled text; action rows and inputs numbered from 1.
    expect(sent.data).toEqual({
      custom_id: 'form:suggest',
      components: [
        { type: 1, id: 1, components: [{ type: 4, id: 2, custom_id: 'prompt', value: 'Why?' }] },
        { type: 1, id: 3, components: [{ type: 4, id: 4, custom_id: 'hint', value: 'think first' }] },
      ],
    });
    expect(sent.message?.id).toBe(message.id);
    const i = await submitted;
    if (!i.isModalSubmit()) throw new Error('not a modal submit');
    expect([i.customId, i.fields.getTextInputValue('prompt'), i.fields.getTextInputValue('hint'), i.user.id, i.isFromMessage()]).toEqual(['form:suggest', 'Why?', 'think first', fake.state.users.learner.id, true]);
    await i.reply({ content: 'Thanks', flags: MessageFlags.Ephemeral });
  });

  it('will not submit what the Discord client would not: a required input left empty, too long or too short, an input the modal lacks', async () => {
    await start();
    const open = fake.interact(fake.payloads.chatInputInteraction({ subcommand: 'suggest' }));
    expect((await callback(open, { type: 9, data: modal([{ custom_id: 'a', min_length: 3, max_length: 5 }, { custom_id: 'b', required: false }]) })).status).toBe(204);
    expect(() => fake.submitModal(open, {})).toThrow('"a" is required');
    expect(() => fake.submitModal(open, { a: 'ab' })).toThrow('"a" must be 3-5 characters');
    expect(() => fake.submitModal(open, { a: 'abcdef' })).toThrow('"a" must be 3-5 characters');
    expect(() => fake.submitModal(open, { a: 'abc', c: 'x' })).toThrow('no text input "c"');
    // An optional input left empty comes back as ''.
    expect(fake.submitModal(open, { a: 'abc' }).data.components).toMatchObject([{ components: [{ value: 'abc' }] }, { components: [{ custom_id: 'b', value: '' }] }]);
  });

  it('refuses a modal Discord would refuse: 400, 50035 Invalid Form Body, the field and its limit', async () => {
    await start();
    const open = fake.interact(fake.payloads.chatInputInteraction({ subcommand: 'suggest' }));
    const long = (n: number) => 'x'.repeat(n);
    const cases: Array<[string, unknown, string, string]> = [
      ['custom_id over 100', modal([{}], { custom_id: long(101) }), 'data.custom_id', 'BASE_TYPE_BAD_LENGTH'],
      ['empty custom_id', modal([{}], { custom_id: '' }), 'data.custom_id', 'BASE_TYPE_BAD_LENGTH'],
      ['title over 45', modal([{}], { title: long(46) }), 'data.title', 'BASE_TYPE_BAD_LENGTH'],
      ['no components', modal([]), 'data.components', 'BASE_TYPE_BAD_LENGTH'],
      ['six components', modal([1, 2, 3, 4, 5, 6].map((n) => ({ custom_id: `f${n}` }))), 'data.components', 'BASE_TYPE_BAD_LENGTH'],
      ['two inputs in a row', { custom_id: 'm', title: 't', components: [{ type: 1, components: [{ type: 4, custom_id: 'a', style: 1, label: 'A' }, { type: 4, custom_id: 'b', style: 1, label: 'B' }] }] }, 'data.components.0.components', 'BASE_TYPE_BAD_LENGTH'],
      ['a button in a modal', modal([{ type: 2, style: 1, label: 'Go' }]), 'data.components.0.components.0.type', 'UNION_TYPE_CHOICES'],
      ['input custom_id over 100', modal([{ custom_id: long(101) }]), 'data.components.0.components.0.custom_id', 'BASE_TYPE_BAD_LENGTH'],
      ['style 3', modal([{ style: 3 }]), 'data.components.0.components.0.style', 'BASE_TYPE_CHOICES'],
      ['label over 45', modal([{ label: long(46) }]), 'data.components.0.components.0.label', 'BASE_TYPE_BAD_LENGTH'],
      ['no label in an action row', modal([{ label: undefined }]), 'data.components.0.components.0.label', 'BASE_TYPE_REQUIRED'],
      ['min_length over 4000', modal([{ min_length: 4001 }]), 'data.components.0.components.0.min_length', 'NUMBER_TYPE_MAX'],
      ['negative min_length', modal([{ min_length: -1 }]), 'data.components.0.components.0.min_length', 'NUMBER_TYPE_MIN'],
      ['max_length 0', modal([{ max_length: 0 }]), 'data.components.0.components.0.max_length', 'NUMBER_TYPE_MIN'],
      ['max_length over 4000', modal([{ max_length: 4001 }]), 'data.components.0.components.0.max_length', 'NUMBER_TYPE_MAX'],
      ['value over 4000', modal([{ value: long(4001) }]), 'data.components.0.components.0.value', 'BASE_TYPE_MAX_LENGTH'],
      ['placeholder over 100', modal([{ placeholder: long(101) }]), 'data.components.0.components.0.placeholder', 'BASE_TYPE_MAX_LENGTH'],
      ['required not a boolean', modal([{ required: 'yes' }]), 'data.components.0.components.0.required', 'BOOLEAN_TYPE_CONVERT'],
      ['the same custom_id twice', modal([{ custom_id: 'a' }, { custom_id: 'a' }]), 'data.components.1.components.0.custom_id', 'COMPONENT_CUSTOM_ID_DUPLICATED'],
    ];
    for (const [what, data, path, code] of cases) {
      const { status, json } = await callback(open, { type: 9, data });
      expect({ what, status, code: json.code, message: json.message, error: errorAt(json.errors, path)?.code }).toEqual({ what, status: 400, code: 50035, message: 'Invalid Form Body', error: code });
    }
    // A refused callback acknowledges nothing: the same interaction can still open a correct modal, at the limits.
    const atLimits = modal(
      [1, 2, 3, 4, 5].map((n) => ({ custom_id: `f${n}`.padEnd(100, 'x'), label: long(45), min_length: 0, max_length: 4000, value: long(4000), placeholder: long(100), style: 2 })),
      { custom_id: long(100), title: long(45) },
    );
    expect((await callback(open, { type: 9, data: atLimits })).status).toBe(204);
    expect(fake.modalOf(open.id)?.components).toHaveLength(5);
  });

  it('takes a text input inside a Label (type 18), which must not carry its own label', async () => {
    await start();
    const open = fake.interact(fake.payloads.chatInputInteraction({ subcommand: 'suggest' }));
    const labelled = (input: Record<string, unknown>) => ({ custom_id: 'm', title: 't', components: [{ type: 18, label: 'Why?', component: { type: 4, custom_id: 'why', style: 2, ...input } }] });
    const refused = await callback(open, { type: 9, data: labelled({ label: 'Twice' }) });
    expect([refused.status, refused.json.code, errorAt(refused.json.errors, 'data.components.0.component.label')?.code]).toEqual([400, 50035, 'BASE_TYPE_BAD_VALUE']);
    expect((await callback(open, { type: 9, data: labelled({}) })).status).toBe(204);
    expect(fake.submitModal(open, { why: 'because' }).data.components).toEqual([{ type: 18, id: 1, component: { type: 4, id: 2, custom_id: 'why', value: 'because' } }]);
  });

  it('refuses a modal after the interaction was acknowledged (a defer): 40060', async () => {
    await start();
    const open = fake.interact(fake.payloads.chatInputInteraction({ subcommand: 'suggest' }));
    expect((await callback(open, { type: 5, data: { flags: 64 } })).status).toBe(204);
    const late = await callback(open, { type: 9, data: modal([{}]) });
    expect([late.status, late.json.code, late.json.message]).toEqual([400, 40060, 'Interaction has already been acknowledged.']);
    expect(fake.modalOf(open.id)).toBeUndefined();
  });

  it('refuses a modal in answer to a modal submit ("not available for MODAL_SUBMIT"): 50035 on type', async () => {
    await start();
    const open = fake.interact(fake.payloads.chatInputInteraction({ subcommand: 'suggest' }));
    expect((await callback(open, { type: 9, data: modal([{}]) })).status).toBe(204);
    const submit = fake.submitModal(open, { f: 'text' });
    const refused = await callback(submit, { type: 9, data: modal([{}]) });
    expect([refused.status, refused.json.code, errorAt(refused.json.errors, 'type')?.code]).toEqual([400, 50035, 'BASE_TYPE_CHOICES']);
    // A message is the right answer to a submit.
    expect((await callback(submit, { type: 4, data: { content: 'Thanks', flags: 64 } })).status).toBe(204);
  });
});

/** The next interaction the client emits that passes `test`. */
function nextEventMatching(c: Client, test: (i: Interaction) => boolean): Promise<Interaction> {
  return new Promise((resolve) => {
    const on = (i: Interaction) => {
      if (!test(i)) return;
      c.off(Events.InteractionCreate, on);
      resolve(i);
    };
    c.on(Events.InteractionCreate, on);
  });
}

/**
 * Forms on Discord: a core FormView becomes a modal (`stepwise:form:<kind>[:<key>]`, one text input per field),
 * a modal submit becomes the form's values, and a submission sent back with errors is remembered briefly so
 * "Fix it" (`stepwise:refill:<token>`) can reopen the modal with what the person typed.
 */
import { randomBytes } from 'node:crypto';
import { ButtonStyle, ComponentType, TextInputStyle, type APIModalInteractionResponseCallbackData, type ModalSubmitInteraction } from 'discord.js';
import type { FormKind, FormOutcome, FormView } from '../../core/views.ts';
import { clip } from './limits.ts';
import type { DiscordMessage } from './render.ts';

/** Discord's modal limits (interaction response "Modal", components "Text Input"). */
export const MODAL_LIMITS = { title: 45, customId: 100, inputs: 5, label: 45, placeholder: 100, length: 4000 } as const;

const FORM_KINDS: readonly FormKind[] = ['suggest', 'edit', 'reject'];

/** `stepwise:form:<kind>[:<key>]`: the modal's custom id, which brings the kind and key back with the submit. */
export const formId = (form: FormView): string => `stepwise:form:${form.form}${form.key !== undefined ? `:${form.key}` : ''}`.slice(0, MODAL_LIMITS.customId);

/** The kind and key a modal's custom id names, or undefined for one this version does not know. */
export function parseFormId(customId: string): { form: FormKind; key: string | undefined } | undefined {
  const [prefix, what, kind, ...key] = customId.split(':');
  if (prefix !== 'stepwise' || what !== 'form' || !FORM_KINDS.includes(kind as FormKind)) return undefined;
  return { form: kind as FormKind, key: key.length ? key.join(':') : undefined };
}

const range = (n: number | undefined, min: number, max: number) => (n === undefined ? undefined : Math.min(max, Math.max(min, Math.floor(n))));

/** The modal for a form: one action row and text input per field (at most five), prefilled where it has a value. */
export function modalOf(form: FormView): APIModalInteractionResponseCallbackData {
  return {
    custom_id: formId(form),
    title: clip(form.title, MODAL_LIMITS.title),
    components: form.fields.slice(0, MODAL_LIMITS.inputs).map((f) => {
      const max = range(f.maxLength, 1, MODAL_LIMITS.length)!;
      const min = range(f.minLength, 0, max);
      return {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.TextInput,
            custom_id: f.name,
            label: clip(f.label, MODAL_LIMITS.label),
            style: f.style === 'paragraph' ? TextInputStyle.Paragraph : TextInputStyle.Short,
            required: f.required,
            max_length: max,
            ...(min !== undefined ? { min_length: min } : {}),
            ...(f.placeholder ? { placeholder: clip(f.placeholder, MODAL_LIMITS.placeholder) } : {}),
            // Text longer than the field allows would block the Submit button; the person sees it cut and can fix it.
            ...(f.value ? { value: f.value.slice(0, max) } : {}),
          },
        ],
      };
    }),
  };
}

/** What the person typed, by field name (an empty optional field is ''). */
export function valuesOf(i: ModalSubmitInteraction): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, field] of i.fields.fields) if ('value' in field && typeof field.value === 'string') values[name] = field.value;
  return values;
}

/** A submission the core sent back, with what was typed kept in every field the core left empty. */
export function refilled(form: FormView, typed: Record<string, string>): FormView {
  return { ...form, fields: form.fields.map((f) => (f.value === undefined && typed[f.name] !== undefined ? { ...f, value: typed[f.name] } : f)) };
}

/** `stepwise:refill:<token>`: the "Fix it" button under a submission with errors. */
export const refillId = (token: string): string => `stepwise:refill:${token}`;

export const EXPIRED = 'That form has expired; run /quiz suggest again.';

/** The private answer to a submission with errors: each field's problem, and "Fix it" to reopen the form. */
export function invalidMessage(outcome: Extract<FormOutcome, { kind: 'invalid' }>, token: string): DiscordMessage {
  const labelOf = (name: string) => outcome.form.fields.find((f) => f.name === name)?.label ?? name;
  const lines = Object.entries(outcome.errors).map(([name, why]) => `• **${labelOf(name)}**: ${why}`);
  const content = clip(`Almost: ${lines.length === 1 ? 'one thing needs' : 'a few things need'} fixing before this can go in.\n${lines.join('\n')}\nPress **Fix it** to change them; what you typed is kept.`, 2000);
  return {
    content,
    embeds: [],
    components: [{ type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, custom_id: refillId(token), label: 'Fix it', style: ButtonStyle.Primary }] }],
  };
}

interface Kept {
  form: FormView;
  userId: string;
  workspace: string;
  at: number;
}

/**
 * Forms sent back with errors, kept for "Fix it": bounded (the oldest goes first) and for a limited time, in
 * memory only (after a restart the button says the form expired). Only the person who typed it may reopen it.
 */
export class FormMemory {
  readonly #kept = new Map<string, Kept>();

  constructor(
    readonly max = 1000,
    readonly ttlMs = 60 * 60_000,
  ) {}

  get size(): number {
    return this.#kept.size;
  }

  /** Keeps a form; returns the token for its button. */
  keep(form: FormView, userId: string, workspace: string, now: number): string {
    const token = randomBytes(9).toString('base64url');
    while (this.#kept.size >= this.max) this.#kept.delete(this.#kept.keys().next().value!);
    this.#kept.set(token, { form, userId, workspace, at: now });
    return token;
  }

  /** The form behind a token, for its own person in its own server while it is fresh; else undefined. */
  find(token: string, userId: string, workspace: string, now: number): FormView | undefined {
    const kept = this.#kept.get(token);
    if (!kept || now - kept.at > this.ttlMs) {
      this.#kept.delete(token);
      return undefined;
    }
    return kept.userId === userId && kept.workspace === workspace ? kept.form : undefined;
  }
}

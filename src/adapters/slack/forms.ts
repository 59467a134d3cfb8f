/**
 * A core FormView as a Slack modal, and back: the submitted values and what the form was for. A
 * view_submission carries no channel, so the channel travels in private_metadata with the form's kind and key.
 */
import type { types } from '@slack/bolt';
import type { FormKind, FormView } from '../../core/views.ts';
import { plain } from './blocks.ts';
import { FORM_CALLBACK, FORM_INPUT_ACTION } from './refs.ts';

/** Slack's limits on a modal (docs.slack.dev/reference/views/modal-views, block-kit input and plain_text_input). */
const TITLE_MAX = 24;
const LABEL_MAX = 2000;
const PLACEHOLDER_MAX = 150;
const INPUT_MAX = 3000;

/** What a Stepwise modal's private_metadata says. */
export interface FormMetadata {
  form: FormKind;
  key?: string;
  /** Where the form was asked for: where its answer goes (ephemeral), and whose settings apply. */
  channel: string;
}

const KINDS: readonly FormKind[] = ['suggest', 'edit', 'reject'];

/** The modal for `form`, asked for in `channel`. Labels and lengths are clipped to Slack's limits. */
export function formModal(form: FormView, channel: string): types.ModalView {
  const metadata: FormMetadata = { form: form.form, ...(form.key !== undefined ? { key: form.key } : {}), channel };
  return {
    type: 'modal',
    callback_id: FORM_CALLBACK,
    private_metadata: JSON.stringify(metadata),
    title: plain(form.title, TITLE_MAX),
    submit: plain(form.submit, TITLE_MAX),
    close: plain('Cancel', TITLE_MAX),
    blocks: form.fields.map((f): types.InputBlock => {
      const max = Math.max(1, Math.min(f.maxLength, INPUT_MAX));
      const min = f.minLength === undefined ? undefined : Math.min(Math.max(0, f.minLength), max);
      return {
        type: 'input',
        block_id: f.name,
        optional: !f.required,
        label: plain(f.label, LABEL_MAX),
        element: {
          type: 'plain_text_input',
          action_id: FORM_INPUT_ACTION,
          multiline: f.style === 'paragraph',
          max_length: max,
          ...(min !== undefined ? { min_length: min } : {}),
          ...(f.placeholder ? { placeholder: plain(f.placeholder, PLACEHOLDER_MAX) } : {}),
          ...(f.value ? { initial_value: f.value } : {}),
        },
      };
    }),
  };
}

/** Reads a Stepwise modal's private_metadata; undefined when it is not one (or was tampered with). */
export function parseFormMetadata(raw: string | undefined): FormMetadata | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw ?? '');
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { form, key, channel } = parsed as Record<string, unknown>;
  if (typeof form !== 'string' || !(KINDS as readonly string[]).includes(form)) return undefined;
  if (typeof channel !== 'string' || !/^[CGD][A-Z0-9]{2,}$/.test(channel)) return undefined;
  if (key !== undefined && (typeof key !== 'string' || key.length > 100)) return undefined;
  return { form: form as FormKind, ...(key !== undefined ? { key } : {}), channel };
}

/** One submitted input as Slack sends it (`value: null` when left empty). */
type StateValue = { value?: string | null };

/** The typed text per field name (block_id); an empty input is ''. */
export function formValues(values: Record<string, Record<string, StateValue>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [blockId, actions] of Object.entries(values)) out[blockId] = actions[FORM_INPUT_ACTION]?.value ?? '';
  return out;
}

/**
 * The core's errors keyed by the modal's block_ids, as `response_action: "errors"` needs: an error about a
 * field the modal does not have goes under its first input, so it is never lost.
 */
export function errorsByBlock(errors: Record<string, string>, blockIds: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, text] of Object.entries(errors)) {
    const at = blockIds.includes(name) ? name : blockIds[0];
    if (at === undefined) continue;
    out[at] = out[at] ? `${out[at]} ${text}` : text;
  }
  return out;
}

/**
 * Modals (interaction callback type 9), as Discord documents them: the modal response (custom_id 1-100,
 * title 1-45, 1-5 components) and the text input (custom_id 1-100, style 1|2, label 1-45, min_length 0-4000,
 * max_length 1-4000, value ≤4000, placeholder ≤100). Sources: discord-api-docs
 * `interactions/receiving-and-responding.mdx` ("Modal") and `components/reference.mdx` ("Text Input",
 * "Label"), and discord-api-spec `ModalInteractionCallbackRequestData` / `TextInputComponentForModalRequest`.
 */
import { Errors, type Reply } from './http.ts';

/** A text input as a modal carries it (type 4). */
export interface ModalTextInput {
  type: 4;
  custom_id: string;
  style: 1 | 2;
  label?: string;
  min_length?: number;
  max_length?: number;
  required?: boolean;
  value?: string;
  placeholder?: string;
}

/** A modal as the bot sent it: the `data` of a type 9 callback. */
export interface ModalData {
  custom_id: string;
  title: string;
  components: Array<
    { type: 1; components: ModalTextInput[] } | { type: 18; label: string; description?: string; component: ModalTextInput } | { type: 10; content: string }
  >;
}

type Check = (value: unknown, path: string) => Reply | null;

const isString = (v: unknown): v is string => typeof v === 'string';

/** A string of `min`..`max` characters; absent is fine unless `required`. */
const text = (min: number, max: number, required: boolean): Check => (v, path) => {
  if (v === undefined || v === null) return required ? Errors.invalidForm(path, 'BASE_TYPE_REQUIRED', 'This field is required') : null;
  if (!isString(v)) return Errors.invalidForm(path, 'STRING_TYPE_CONVERT', 'Could not interpret value as string.');
  if (v.length >= min && v.length <= max) return null;
  return min > 0
    ? Errors.invalidForm(path, 'BASE_TYPE_BAD_LENGTH', `Must be between ${min} and ${max} in length.`)
    : Errors.invalidForm(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
};

/** An integer in `min`..`max`; absent is fine. */
const int = (min: number, max: number): Check => (v, path) => {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isInteger(v)) return Errors.invalidForm(path, 'NUMBER_TYPE_COERCE', `Value "${String(v)}" is not int.`);
  if (v < min) return Errors.invalidForm(path, 'NUMBER_TYPE_MIN', `int value should be greater than or equal to ${min}.`);
  if (v > max) return Errors.invalidForm(path, 'NUMBER_TYPE_MAX', `int value should be less than or equal to ${max}.`);
  return null;
};

/** A text input; `labelled` when it sits in an action row (its own label, required) rather than in a Label. */
function textInput(c: Record<string, unknown>, path: string, labelled: boolean): Reply | null {
  if (c.type !== 4) return Errors.invalidForm(`${path}.type`, 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (4,).');
  if (c.style !== 1 && c.style !== 2) {
    return c.style === undefined
      ? Errors.invalidForm(`${path}.style`, 'BASE_TYPE_REQUIRED', 'This field is required')
      : Errors.invalidForm(`${path}.style`, 'BASE_TYPE_CHOICES', 'Value must be one of (1, 2).');
  }
  const checks: Array<[string, Check]> = [
    ['custom_id', text(1, 100, true)],
    // In an action row (the older layout) the input carries its own label, which the Text Input docs listed as
    // a required string of at most 45; inside a Label component (the newer one) the Label holds it instead.
    ['label', labelled ? text(1, 45, true) : (v, p) => (v === undefined || v === null ? null : Errors.invalidForm(p, 'BASE_TYPE_BAD_VALUE', 'Text input label is not allowed inside a label component.'))],
    ['min_length', int(0, 4000)],
    ['max_length', int(1, 4000)],
    ['value', text(0, 4000, false)],
    ['placeholder', text(0, 100, false)],
  ];
  for (const [field, check] of checks) {
    const refused = check(c[field], `${path}.${field}`);
    if (refused) return refused;
  }
  if (c.required !== undefined && c.required !== null && typeof c.required !== 'boolean') {
    return Errors.invalidForm(`${path}.required`, 'BOOLEAN_TYPE_CONVERT', 'Must be either true or false.');
  }
  return null;
}

/** Discord's refusal of a modal response body (400, 50035 Invalid Form Body), or null when it would show. */
export function validateModal(data: unknown): Reply | null {
  if (!data || typeof data !== 'object') return Errors.invalidForm('data', 'BASE_TYPE_REQUIRED', 'This field is required');
  const m = data as Record<string, unknown>;
  const head = text(1, 100, true)(m.custom_id, 'data.custom_id') ?? text(1, 45, true)(m.title, 'data.title');
  if (head) return head;
  if (!Array.isArray(m.components)) return Errors.invalidForm('data.components', 'BASE_TYPE_REQUIRED', 'This field is required');
  // "Between 1 and 5 (inclusive) components that make up the modal."
  if (m.components.length < 1 || m.components.length > 5) return Errors.invalidForm('data.components', 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 5 in length.');
  const ids = new Set<string>();
  for (const [i, raw] of (m.components as Array<Record<string, unknown>>).entries()) {
    const path = `data.components.${i}`;
    let inputs: Array<[Record<string, unknown>, string, boolean]>;
    if (raw?.type === 1) {
      // An action row in a modal holds exactly one text input (buttons and selects are for messages).
      const children = Array.isArray(raw.components) ? (raw.components as Array<Record<string, unknown>>) : [];
      if (children.length !== 1) return Errors.invalidForm(`${path}.components`, 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 1 in length.');
      inputs = [[children[0]!, `${path}.components.0`, true]];
    } else if (raw?.type === 18) {
      const refused = text(1, 45, true)(raw.label, `${path}.label`) ?? text(1, 100, false)(raw.description, `${path}.description`);
      if (refused) return refused;
      if (!raw.component || typeof raw.component !== 'object') return Errors.invalidForm(`${path}.component`, 'BASE_TYPE_REQUIRED', 'This field is required');
      inputs = [[raw.component as Record<string, unknown>, `${path}.component`, false]];
    } else if (raw?.type === 10) {
      // A Text Display: words shown in the modal, no input.
      const refused = text(1, 4000, true)(raw.content, `${path}.content`);
      if (refused) return refused;
      inputs = [];
    } else {
      return Errors.invalidForm(`${path}.type`, 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (1, 10, 18).');
    }
    for (const [input, at, labelled] of inputs) {
      const refused = textInput(input, at, labelled);
      if (refused) return refused;
      if (ids.has(input.custom_id as string)) return Errors.invalidForm(`${at}.custom_id`, 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
      ids.add(input.custom_id as string);
    }
  }
  return null;
}

/** The text inputs of a modal, in order. */
export function inputsOf(modal: ModalData): ModalTextInput[] {
  return modal.components.flatMap((c) => (c.type === 1 ? [c.components[0]!] : c.type === 18 ? [c.component] : []));
}

/**
 * What the Discord client lets a person submit: every input of the modal, the prefilled text where they typed
 * nothing, and only within each input's `required`, `min_length` and `max_length` (the Submit button stays
 * disabled otherwise). Throws for a submission no real person could make.
 */
export function submittedValues(modal: ModalData, typed: Record<string, string>): Array<{ input: ModalTextInput; value: string }> {
  const inputs = inputsOf(modal);
  for (const name of Object.keys(typed)) {
    if (!inputs.some((i) => i.custom_id === name)) throw new Error(`fake discord: modal ${modal.custom_id} has no text input "${name}"`);
  }
  return inputs.map((input) => {
    const value = typed[input.custom_id] ?? input.value ?? '';
    const required = input.required ?? true;
    const min = input.min_length ?? 0;
    const max = input.max_length ?? 4000;
    if (required && value.length === 0) throw new Error(`fake discord: "${input.custom_id}" is required; the Discord client would not submit the modal`);
    if (value.length > 0 && (value.length < Math.max(min, 0) || value.length > max)) {
      throw new Error(`fake discord: "${input.custom_id}" must be ${min}-${max} characters; the Discord client would not submit the modal`);
    }
    return { input, value };
  });
}

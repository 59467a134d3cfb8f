/**
 * A form filled in the terminal, one prompt per field: a short field is one line, a paragraph runs until
 * an empty line. An empty answer keeps what the field holds already (an edit, or a form sent back).
 */
import type { FormField, FormView } from '../../core/views.ts';

const short = (text: string) => (text.length > 60 ? `${text.slice(0, 59)}…` : text).replace(/\n/g, ' ⏎ ');

/** Collects a form's values from lines; `only` limits the prompts to fields that need another try. */
export function fillForm(form: FormView, only?: ReadonlySet<string>) {
  const fields: FormField[] = form.fields.filter((f) => !only || only.has(f.name));
  const values: Record<string, string> = Object.fromEntries(form.fields.map((f) => [f.name, f.value ?? '']));
  let at = 0;
  let lines: string[] = [];
  return {
    form,
    values,
    /** What to ask for the current field. */
    prompt(): string {
      const f = fields[at]!;
      const how = f.style === 'paragraph' ? ' (one or more lines; an empty line ends it)' : '';
      const keep = f.value ? `\n  Enter keeps: ${short(f.value)}` : f.placeholder ? `\n  e.g. ${short(f.placeholder)}` : '';
      return `✏️ ${f.label}${how}:${keep}`;
    },
    /** Takes one typed line: the field goes on, the next field is up, or every field has its answer. */
    take(line: string): 'more' | 'next' | 'done' {
      const f = fields[at]!;
      const text = line.replace(/\s+$/, '');
      if (f.style === 'paragraph' && text !== '') {
        lines.push(text);
        return 'more';
      }
      const typed = f.style === 'paragraph' ? lines.join('\n') : text.trim();
      if (typed !== '') values[f.name] = typed;
      lines = [];
      at += 1;
      return at >= fields.length ? 'done' : 'next';
    },
  };
}

/** A form being filled. */
export type FormFill = ReturnType<typeof fillForm>;

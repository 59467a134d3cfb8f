import { Errors, type Reply } from './http.ts';
import type { MessageBody } from './entities.ts';

interface EmbedLike {
  title?: string;
  description?: string;
  fields?: Array<{ name?: string; value?: string }>;
  footer?: { text?: string };
  author?: { name?: string };
}

interface ComponentLike {
  type?: number;
  custom_id?: string;
  label?: string;
  components?: ComponentLike[];
}

const IS_COMPONENTS_V2 = 1 << 15;

/**
 * Enforces the message limits Discord documents (2000-char content, 10 embeds, 6000 embed chars,
 * 5 rows x 5 buttons, 100-char custom_id ...) so a bot that would be rejected live is rejected here too.
 */
export function validateMessage(body: MessageBody, opts: { hasFiles: boolean; isEdit: boolean }): Reply | null {
  const content = body.content ?? '';
  // Create Message: "nonce … up to 25 characters".
  if (typeof body.nonce === 'string' && body.nonce.length > 25) return Errors.invalidForm('nonce', 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
  if (content.length > 2000) return Errors.invalidForm('content', 'BASE_TYPE_MAX_LENGTH', 'Must be 2000 or fewer in length.');
  const embeds = (body.embeds ?? []) as EmbedLike[];
  if (embeds.length > 10) return Errors.invalidForm('embeds', 'BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.');
  let total = 0;
  for (const [i, e] of embeds.entries()) {
    const limits: Array<[string, string | undefined, number]> = [
      ['title', e.title, 256],
      ['description', e.description, 4096],
      ['footer.text', e.footer?.text, 2048],
      ['author.name', e.author?.name, 256],
    ];
    if ((e.fields?.length ?? 0) > 25) return Errors.invalidForm(`embeds.${i}.fields`, 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
    for (const [j, f] of (e.fields ?? []).entries()) {
      limits.push([`fields.${j}.name`, f.name, 256], [`fields.${j}.value`, f.value, 1024]);
      if (!f.name || !f.value) return Errors.invalidForm(`embeds.${i}.fields.${j}`, 'BASE_TYPE_REQUIRED', 'This field is required');
    }
    for (const [field, value, max] of limits) {
      total += value?.length ?? 0;
      if ((value?.length ?? 0) > max) {
        return Errors.invalidForm(`embeds.${i}.${field}`, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
      }
    }
  }
  if (total > 6000) return Errors.invalidForm('embeds', 'MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000');
  const components = (body.components ?? []) as ComponentLike[];
  const v2 = ((body.flags ?? 0) & IS_COMPONENTS_V2) !== 0;
  if (!v2) {
    if (components.length > 5) return Errors.invalidForm('components', 'BASE_TYPE_MAX_LENGTH', 'Must be 5 or fewer in length.');
    for (const [i, row] of components.entries()) {
      if (row.type !== 1) return Errors.invalidForm(`components.${i}.type`, 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (1,).');
      const children = row.components ?? [];
      if (children.length < 1 || children.length > 5) {
        return Errors.invalidForm(`components.${i}.components`, 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 5 in length.');
      }
      for (const [j, c] of children.entries()) {
        if ((c.custom_id?.length ?? 0) > 100) {
          return Errors.invalidForm(`components.${i}.components.${j}.custom_id`, 'BASE_TYPE_MAX_LENGTH', 'Must be 100 or fewer in length.');
        }
        if ((c.label?.length ?? 0) > 80) {
          return Errors.invalidForm(`components.${i}.components.${j}.label`, 'BASE_TYPE_MAX_LENGTH', 'Must be 80 or fewer in length.');
        }
      }
    }
  }
  const empty = !content && embeds.length === 0 && components.length === 0 && !opts.hasFiles;
  if (empty && !opts.isEdit) return Errors.emptyMessage();
  return null;
}

/**
 * Block Kit limits Slack enforces with `invalid_blocks` (and a `[ERROR] … [json-pointer:…]` line in
 * response_metadata.messages). Facts, from docs.slack.dev/reference/block-kit/blocks and each block's page:
 * - "up to 50 blocks in each message, and 100 blocks in modals or Home tabs";
 * - input blocks (modals): label, hint and element are checked by views.ts (`inputBlockProblems`);
 * - header: plain_text, "Maximum length for the text in this field is 150 characters";
 * - section: text "Minimum 1 and maximum 3000 characters", at most 10 fields of at most 2000;
 * - context: at most 10 elements; actions: at most 25 elements;
 * - button: text at most 75 characters, value at most 2000, action_id at most 255;
 * - block_id at most 255 characters and unique within the message.
 * Characters are counted as UTF-16 code units, which is never fewer than Slack counts.
 */

/** Where blocks are shown: a message (50 blocks), a Home tab or a modal (100). */
export type Surface = 'message' | 'home' | 'modal';

const MAX_BLOCKS: Record<Surface, number> = { message: 50, home: 100, modal: 100 };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const textOf = (t: unknown): string | undefined => (isObj(t) && typeof t.text === 'string' ? t.text : undefined);

/** The first problem with `blocks` as a Slack error line, or undefined when Slack would accept them. */
export function blockProblem(blocks: unknown, surface: Surface): string | undefined {
  if (!Array.isArray(blocks)) return '[ERROR] must be an array [json-pointer:/blocks]';
  if (blocks.length > MAX_BLOCKS[surface]) return `[ERROR] no more than ${MAX_BLOCKS[surface]} items allowed [json-pointer:/blocks]`;
  const ids = new Set<string>();
  for (const [i, block] of blocks.entries()) {
    const at = `/blocks/${i}`;
    if (!isObj(block)) return `[ERROR] must be an object [json-pointer:${at}]`;
    if (typeof block.block_id === 'string') {
      if (block.block_id.length > 255) return `[ERROR] must be less than 256 characters [json-pointer:${at}/block_id]`;
      if (ids.has(block.block_id)) return `[ERROR] block_id must be unique [json-pointer:${at}/block_id]`;
      ids.add(block.block_id);
    }
    const problem = blockTypeProblem(block, at);
    if (problem) return problem;
  }
  return undefined;
}

function lengthProblem(text: string | undefined, min: number, max: number, at: string): string | undefined {
  if (text === undefined) return `[ERROR] missing required field: text [json-pointer:${at}]`;
  if (text.length < min) return `[ERROR] must be more than ${min - 1} characters [json-pointer:${at}/text]`;
  if (text.length > max) return `[ERROR] must be less than ${max + 1} characters [json-pointer:${at}/text]`;
  return undefined;
}

function blockTypeProblem(block: Obj, at: string): string | undefined {
  switch (block.type) {
    case 'header':
      if (!isObj(block.text) || block.text.type !== 'plain_text') return `[ERROR] must be a plain_text object [json-pointer:${at}/text]`;
      return lengthProblem(textOf(block.text), 1, 150, `${at}/text`);
    case 'section': {
      const fields = Array.isArray(block.fields) ? block.fields : undefined;
      if (block.text === undefined && fields === undefined) return `[ERROR] must provide either text or fields [json-pointer:${at}]`;
      if (block.text !== undefined) {
        const p = lengthProblem(textOf(block.text), 1, 3000, `${at}/text`);
        if (p) return p;
      }
      if (fields && fields.length > 10) return `[ERROR] no more than 10 items allowed [json-pointer:${at}/fields]`;
      for (const [j, f] of (fields ?? []).entries()) {
        const p = lengthProblem(textOf(f), 1, 2000, `${at}/fields/${j}`);
        if (p) return p;
      }
      return undefined;
    }
    case 'context': {
      const elements = Array.isArray(block.elements) ? block.elements : [];
      if (elements.length === 0 || elements.length > 10) return `[ERROR] must have 1 to 10 items [json-pointer:${at}/elements]`;
      for (const [j, e] of elements.entries()) {
        if (isObj(e) && (e.type === 'mrkdwn' || e.type === 'plain_text')) {
          const p = lengthProblem(textOf(e), 1, 3000, `${at}/elements/${j}`);
          if (p) return p;
        }
      }
      return undefined;
    }
    case 'actions': {
      const elements = Array.isArray(block.elements) ? block.elements : [];
      if (elements.length === 0 || elements.length > 25) return `[ERROR] must have 1 to 25 items [json-pointer:${at}/elements]`;
      for (const [j, e] of elements.entries()) {
        if (!isObj(e) || e.type !== 'button') continue;
        const p = lengthProblem(textOf(e.text), 1, 75, `${at}/elements/${j}/text`);
        if (p) return p;
        if (typeof e.value === 'string' && e.value.length > 2000) return `[ERROR] must be less than 2001 characters [json-pointer:${at}/elements/${j}/value]`;
        if (typeof e.action_id === 'string' && e.action_id.length > 255) return `[ERROR] must be less than 256 characters [json-pointer:${at}/elements/${j}/action_id]`;
      }
      return undefined;
    }
    case 'divider':
    case 'input':
    case 'image':
    case 'rich_text':
      return undefined;
    default:
      return `[ERROR] unsupported type: ${String(block.type)} [json-pointer:${at}/type]`;
  }
}

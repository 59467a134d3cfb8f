/** Every Slack listener, registered by static imports. */
import type { App } from '@slack/bolt';
import { registerActions } from './actions.ts';
import { registerCommands } from './commands.ts';
import type { SlackContext } from './context.ts';
import { registerEvents } from './events.ts';
import { registerFiles } from './files.ts';
import { registerForms } from './forms.ts';
import { registerLifecycle } from './lifecycle.ts';

export type { SlackContext } from './context.ts';

/** Registers commands, actions, modal submissions, events and lifecycle events on `app`. */
export function registerListeners(app: App, ctx: SlackContext): void {
  registerCommands(app, ctx);
  registerActions(app, ctx);
  registerEvents(app, ctx);
  registerFiles(app, ctx);
  registerForms(app, ctx);
  registerLifecycle(app, ctx);
}

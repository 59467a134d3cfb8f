import type { APIMessage } from 'discord.js';
import { createMessage, userOf, type MessageBody } from './entities.ts';
import { Errors, noContent, ok, type Reply, type Route, type RouteContext } from './http.ts';
import { gatewayMessage, patchMessage, postMessage } from './routes-channels.ts';
import { validateModal, type ModalData } from './modals.ts';
import type { FakeInteraction } from './state.ts';

const EPHEMERAL = 64;
const LOADING = 128;

/** Interaction callback types (Discord "interaction callback type" table). */
export const CallbackType = {
  Pong: 1,
  ChannelMessageWithSource: 4,
  DeferredChannelMessageWithSource: 5,
  DeferredMessageUpdate: 6,
  UpdateMessage: 7,
  ApplicationCommandAutocompleteResult: 8,
  Modal: 9,
} as const;

function responseExtra(ctx: RouteContext, interaction: FakeInteraction): Partial<APIMessage> {
  return {
    webhook_id: ctx.state.applicationId,
    application_id: ctx.state.applicationId,
    // Replies to slash commands are type 20 (CHAT_INPUT_COMMAND); replies to components are plain type 0.
    type: interaction.type === 2 ? 20 : 0,
    interaction_metadata: {
      id: interaction.id,
      type: interaction.type,
      user: userOf(ctx.state, interaction.userId),
      authorizing_integration_owners: interaction.guildId ? { '0': interaction.guildId } : { '0': '0' },
    } as APIMessage['interaction_metadata'],
  };
}

function callback(ctx: RouteContext): Reply {
  const [id = '', token = ''] = ctx.params;
  const interaction = ctx.state.interactions.get(id);
  if (!interaction || interaction.token !== token) return Errors.unknownInteraction();
  if (interaction.callbackType !== null) return Errors.alreadyAcknowledged();
  // Discord forgets an interaction that was not acknowledged within 3 seconds.
  if (Date.now() - interaction.dispatchedAt > ctx.interactionTimeoutMs) return Errors.unknownInteraction();
  const body = (ctx.body ?? {}) as { type?: number; data?: MessageBody & Record<string, unknown> };
  const data = body.data ?? {};
  let message: APIMessage | null = null;
  switch (body.type) {
    case CallbackType.ChannelMessageWithSource: {
      const reply = postMessage({ ...ctx, body: data }, interaction.channelId, responseExtra(ctx, interaction));
      if (reply.status !== 200) return reply;
      message = reply.body as APIMessage;
      break;
    }
    case CallbackType.DeferredChannelMessageWithSource: {
      // The "Bot is thinking..." placeholder: empty content, LOADING flag, ephemeral if asked.
      // Created directly: the empty placeholder would fail the "empty message" validation of postMessage.
      const flags = LOADING | ((data.flags ?? 0) & EPHEMERAL);
      message = createMessage(ctx.state, interaction.channelId, { content: '', flags }, responseExtra(ctx, interaction));
      if (ctx.echo && (flags & EPHEMERAL) === 0) ctx.dispatch('MESSAGE_CREATE', gatewayMessage(ctx.state, message));
      break;
    }
    case CallbackType.DeferredMessageUpdate:
    case CallbackType.UpdateMessage: {
      if (interaction.type !== 3 && interaction.type !== 5) return Errors.invalidForm('type', 'INTERACTION_RESPONSE_TYPE_INVALID', 'Invalid interaction response type');
      message = interaction.sourceMessageId ? (ctx.state.messages.get(interaction.sourceMessageId) ?? null) : null;
      if (message && body.type === CallbackType.UpdateMessage) {
        const reply = patchMessage({ ...ctx, body: data }, message);
        if (reply.status !== 200) return reply;
      }
      break;
    }
    case CallbackType.ApplicationCommandAutocompleteResult:
      break;
    case CallbackType.Modal: {
      // "Not available for MODAL_SUBMIT and PING interactions": Discord answers with the types it would take
      // (a modal answering a modal submit, as reported in Rapptz/discord.py#9187).
      if (interaction.type === 5 || interaction.type === 1) return Errors.invalidForm('type', 'BASE_TYPE_CHOICES', 'Value must be one of {4, 5, 6, 7, 10}.');
      const refused = validateModal(body.data);
      if (refused) return refused;
      interaction.modal = body.data as unknown as ModalData;
      break;
    }
    default:
      return Errors.invalidForm('type', 'BASE_TYPE_CHOICES', `Value must be one of {1, 4, 5, 6, 7, 8, 9, 10, 12}.`);
  }
  interaction.callbackType = body.type;
  interaction.originalMessageId = message?.id ?? null;
  if (ctx.query.with_response !== 'true') return noContent;
  return ok({
    interaction: {
      id: interaction.id,
      type: interaction.type,
      ...(message
        ? {
            response_message_id: message.id,
            response_message_loading: ((message.flags ?? 0) & LOADING) !== 0,
            response_message_ephemeral: ((message.flags ?? 0) & EPHEMERAL) !== 0,
          }
        : {}),
    },
    resource: { type: body.type, ...(message ? { message } : {}) },
  });
}

/** Finds the interaction behind a webhook URL; its token works only once the interaction was acknowledged. */
function webhookInteraction(ctx: RouteContext): FakeInteraction | null {
  const [appId = '', token = ''] = ctx.params;
  if (appId !== ctx.state.applicationId) return null;
  for (const interaction of ctx.state.interactions.values()) {
    if (interaction.token === token && interaction.callbackType !== null) return interaction;
  }
  return null;
}

function targetMessage(ctx: RouteContext, interaction: FakeInteraction): APIMessage | undefined {
  const ref = ctx.params[2] ?? '@original';
  const id = ref === '@original' ? interaction.originalMessageId : ref;
  const message = id ? ctx.state.messages.get(id) : undefined;
  // Follow-ups can only address messages created through this interaction's webhook.
  return message?.interaction_metadata?.id === interaction.id || id === interaction.originalMessageId ? message : undefined;
}

/** A webhook-message route: resolves the interaction and its target message, or answers Discord's error. */
function onWebhookMessage(fn: (ctx: RouteContext, message: APIMessage) => Reply): (ctx: RouteContext) => Reply {
  return (ctx) => {
    const interaction = webhookInteraction(ctx);
    if (!interaction) return Errors.unknownWebhook();
    const message = targetMessage(ctx, interaction);
    return message ? fn(ctx, message) : Errors.unknownMessage();
  };
}

/** Turns the deferred "thinking" message into the real reply: clears LOADING, keeps EPHEMERAL. */
function fillPlaceholder(ctx: RouteContext, placeholder: APIMessage): Reply {
  const body = { ...((ctx.body ?? {}) as MessageBody) };
  body.flags = ((placeholder.flags ?? 0) & EPHEMERAL) | ((body.flags ?? 0) & ~(LOADING | EPHEMERAL));
  return patchMessage({ ...ctx, body }, placeholder);
}

const webhookMessagePath = /^\/webhooks\/(\d{17,20})\/([^/]+)\/messages\/(@original|\d{17,20})$/;

/** Interaction callback and interaction webhook routes (no bot auth, token in the URL). */
export const interactionRoutes: Route[] = [
  { method: 'POST', pattern: /^\/interactions\/(\d{17,20})\/([^/]+)\/callback$/, auth: false, handle: callback },
  {
    method: 'POST',
    pattern: /^\/webhooks\/(\d{17,20})\/([^/]+)$/,
    auth: false,
    handle: (ctx) => {
      const interaction = webhookInteraction(ctx);
      if (!interaction) return Errors.unknownWebhook();
      const original = interaction.originalMessageId ? ctx.state.messages.get(interaction.originalMessageId) : undefined;
      // The first follow-up after a deferral fills the "thinking" placeholder (keeping its ephemeral flag).
      const reply =
        original && ((original.flags ?? 0) & LOADING) !== 0
          ? fillPlaceholder(ctx, original)
          : postMessage(ctx, interaction.channelId, { ...responseExtra(ctx, interaction), type: 0 });
      return ctx.query.wait === 'true' || reply.status !== 200 ? reply : noContent;
    },
  },
  {
    method: 'GET',
    pattern: webhookMessagePath,
    auth: false,
    handle: onWebhookMessage((_ctx, message) => ok(message)),
  },
  {
    method: 'PATCH',
    pattern: webhookMessagePath,
    auth: false,
    handle: onWebhookMessage((ctx, message) => (((message.flags ?? 0) & LOADING) !== 0 ? fillPlaceholder(ctx, message) : patchMessage(ctx, message))),
  },
  {
    method: 'DELETE',
    pattern: webhookMessagePath,
    auth: false,
    handle: onWebhookMessage((ctx, message) => {
      ctx.state.messages.delete(message.id);
      return noContent;
    }),
  },
];

/** The notifier's public face, for the composition root and the CLI. */
export { type BurstPart, type Channel, createWecomChannel, type WecomChannelOptions } from './channel.js';
export {
  ChannelBrokenCodeError,
  ChannelPayloadError,
  ChannelRetryableError,
  ChannelUnknownCodeError,
  errcodeOf,
  redactSecrets,
} from './errors.js';
export {
  createJsonWebhookChannel,
  type JsonWebhookChannelOptions,
  type JsonWebhookPayload,
} from './json-webhook-channel.js';
export { mergeAlerts, mergeAlertsParts, type RenderOptions, renderAlert, renderPlainText } from './render.js';
export {
  type ChannelStatus,
  createSender,
  type DrainResult,
  type NotifyLogger,
  type Sender,
  type SenderOptions,
} from './sender.js';
export { type BrokenMark, CHANNEL_NS } from './sender-state.js';
export { type ReceivedMessage, type Sink, type SinkMode, type SinkOptions, startSink } from './sink.js';
export { createWecomClient, type WecomClient, type WecomClientOptions } from './wecom-client.js';
export type { WecomMessage } from './wecom-types.js';
